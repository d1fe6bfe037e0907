// Slack sends message text in its own markup: "&", "<" and ">" escaped, and mentions, channels
// and links as <@U…>, <#C…|name>, <https://…|label>. The core reads what the person typed.

/** The words as the person wrote them: links by their label, channels by name, markup decoded. */
export function slackPlainText(text: string): string {
  return text
    .replace(/<([@#!])([^>|]*)(?:\|([^>]*))?>/g, (_m, sigil: string, _id: string, label: string | undefined) => {
      if (sigil === '#') return label ? `#${label}` : '';
      if (sigil === '@') return label ? `@${label}` : '';
      // <!here>, <!channel>, <!subteam^…|@team>: nobody's words.
      return label ?? '';
    })
    .replace(/<((?:https?|mailto|tel):[^>|]*)(?:\|([^>]*))?>/g, (_m, url: string, label: string | undefined) => label ?? url.replace(/^mailto:/, ''))
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ')
    .trim();
}
