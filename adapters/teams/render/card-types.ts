// The subset of Adaptive Cards 1.5 this adapter writes. Plain JSON types: cards are data until
// the Bot Framework wraps them in an attachment (render/activity.ts).

export type Spacing = 'None' | 'Small' | 'Default' | 'Medium' | 'Large';
export type TextColor = 'Default' | 'Good' | 'Warning' | 'Attention' | 'Accent';

interface ElementBase {
  id?: string;
  spacing?: Spacing;
  separator?: boolean;
}

export interface TextBlock extends ElementBase {
  type: 'TextBlock';
  text: string;
  wrap?: boolean;
  weight?: 'Bolder' | 'Lighter';
  size?: 'Small' | 'Medium' | 'Large';
  isSubtle?: boolean;
  color?: TextColor;
  fontType?: 'Monospace';
  horizontalAlignment?: 'Right';
}

export interface FactSet extends ElementBase {
  type: 'FactSet';
  facts: { title: string; value: string }[];
}

export interface Column {
  type: 'Column';
  width: 'auto' | 'stretch' | number;
  items: CardElement[];
  verticalContentAlignment?: 'Center';
}

export interface ColumnSet extends ElementBase {
  type: 'ColumnSet';
  columns: Column[];
}

export interface Container extends ElementBase {
  type: 'Container';
  items: CardElement[];
}

export interface Image extends ElementBase {
  type: 'Image';
  url: string;
  altText: string;
  size?: 'Stretch';
}

export interface TableCell {
  type: 'TableCell';
  items: CardElement[];
}

export interface TableRow {
  type: 'TableRow';
  cells: TableCell[];
}

export interface TableElement extends ElementBase {
  type: 'Table';
  columns: { width: number }[];
  rows: TableRow[];
  firstRowAsHeader: boolean;
}

/** Buttons inside the body, under the line they belong to (a next step's link and question). */
export interface ActionSet extends ElementBase {
  type: 'ActionSet';
  actions: CardAction[];
}

export type CardElement = TextBlock | FactSet | ColumnSet | Container | Image | TableElement | ActionSet;

/** What a suggestion or clarifying button sends back: the question to run as if it were typed. */
export interface AskData {
  pulseAction: 'ask';
  question: string;
}

export interface SubmitAction {
  type: 'Action.Submit';
  title: string;
  data: AskData;
}

export interface OpenUrlAction {
  type: 'Action.OpenUrl';
  title: string;
  url: string;
}

export type CardAction = SubmitAction | OpenUrlAction;

export interface AdaptiveCard {
  type: 'AdaptiveCard';
  $schema: string;
  version: '1.5';
  body: CardElement[];
  actions?: CardAction[];
  /** Teams: use the whole width of the conversation (charts and tables need it). */
  msteams?: { width: 'Full' };
}

export const CARD_SCHEMA = 'http://adaptivecards.io/schemas/adaptive-card.json';
