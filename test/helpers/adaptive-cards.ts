import { AdaptiveCard, SerializationContext, Version } from 'adaptivecards';

// Microsoft's own Adaptive Cards library as the judge of a card: every parse event (unknown
// element or action, bad property value, unsupported version) and every validation failure
// (duplicate ids, too many actions, empty collections) is a problem.

export function cardProblems(json: unknown): string[] {
  const problems: string[] = [];
  const card = json as { type?: unknown; version?: unknown };
  if (card?.type !== 'AdaptiveCard') problems.push(`type is ${String(card?.type)}, not AdaptiveCard`);
  if (card?.version !== '1.5') problems.push(`version is ${String(card?.version)}, not 1.5`);
  const context = new SerializationContext(new Version(1, 5));
  const parsed = new AdaptiveCard();
  parsed.parse(json, context);
  for (let i = 0; i < context.eventCount; i++) {
    const e = context.getEventAt(i);
    problems.push(`parse: ${e.message}`);
  }
  for (const e of parsed.validateProperties().validationEvents) problems.push(`validate: ${e.message}`);
  return problems;
}
