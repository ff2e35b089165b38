export { type CardOptions } from './options';
export { qualificationCard, statusPresentation, readableValue, type StatusColor } from './qualificationCard';
export {
  errorCard,
  invalidCustomerIdCard,
  renderNotice,
  correlationLine,
  type ErrorCardContext,
  type NoticeContent,
  type NoticeTitleColor,
  type NoticeAction,
} from './errorCard';
export { helpCard } from './helpCard';
export { enUS, messagesFor, allCatalogs, EXAMPLE_CUSTOMER_ID, type Messages, type ErrorText, type ErrorNextStepDetails } from './messages';
export { sanitizeText, sanitizeOptional, truncate, TEXT_LIMITS, ZERO_WIDTH_BREAK } from './escape';
export { line, ownLine, valueLine, slot, type Line, type RunData, type OutsideText } from './runs';
export { toCardTimestamp, cardDate, cardDateTime, parseIsoDateTime } from './dates';
export { cardsFolder, type AdaptiveCardJson, type TemplateName } from './templates';
