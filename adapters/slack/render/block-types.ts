// The Block Kit shapes this adapter sends. Declared here rather than taken from @slack/types
// because `data_visualization` is newer than the installed types; each object is still a valid
// `Block` ({ type, block_id? }) for the Web API client.

export interface PlainText {
  type: 'plain_text';
  text: string;
  emoji?: boolean;
}

export interface Mrkdwn {
  type: 'mrkdwn';
  text: string;
  verbatim?: boolean;
}

export type TextObject = PlainText | Mrkdwn;

export interface ButtonElement {
  type: 'button';
  text: PlainText;
  action_id: string;
  value?: string;
  url?: string;
  style?: 'primary' | 'danger';
}

export interface HeaderBlock {
  type: 'header';
  text: PlainText;
}

export interface SectionBlock {
  type: 'section';
  text?: Mrkdwn;
  fields?: Mrkdwn[];
  accessory?: ButtonElement;
}

export interface ContextBlock {
  type: 'context';
  elements: TextObject[];
}

export interface ActionsBlock {
  type: 'actions';
  elements: ButtonElement[];
}

export interface DividerBlock {
  type: 'divider';
}

export interface ImageBlock {
  type: 'image';
  alt_text: string;
  title?: PlainText;
  image_url?: string;
  /** A file uploaded with files.uploadV2 and shared with no channel: it stays private. */
  slack_file?: { id: string };
}

export interface RawTextCell {
  type: 'raw_text';
  text: string;
}

export interface RichTextCell {
  type: 'rich_text';
  elements: { type: 'rich_text_section'; elements: { type: 'text'; text: string; style?: { bold?: boolean } }[] }[];
}

export interface TableBlock {
  type: 'table';
  rows: (RawTextCell | RichTextCell)[][];
  column_settings?: { align?: 'left' | 'center' | 'right'; is_wrapped?: boolean }[];
}

export interface DataPoint {
  label: string;
  value: number;
}

export interface DataSeries {
  name: string;
  data: DataPoint[];
}

export interface AxisConfig {
  categories: string[];
  x_label?: string;
  y_label?: string;
}

export type NativeChart =
  | { type: 'bar' | 'line' | 'area'; series: DataSeries[]; axis_config: AxisConfig }
  | { type: 'pie'; segments: DataPoint[] };

export interface DataVisualizationBlock {
  type: 'data_visualization';
  title: string;
  chart: NativeChart;
}

export type SlackBlock =
  | HeaderBlock
  | SectionBlock
  | ContextBlock
  | ActionsBlock
  | DividerBlock
  | ImageBlock
  | TableBlock
  | DataVisualizationBlock;

/** One chat message: the fallback text (notifications, screen readers) and its blocks. */
export interface SlackMessage {
  text: string;
  blocks: SlackBlock[];
}

export interface HomeView {
  type: 'home';
  blocks: SlackBlock[];
  callback_id?: string;
}

export const plain = (text: string): PlainText => ({ type: 'plain_text', text, emoji: true });
export const mrkdwn = (text: string): Mrkdwn => ({ type: 'mrkdwn', text });
