export { type CardOptions } from './options';
export { qualificationCard, qualificationSummary, statusPresentation, readableValue, type StatusColor, type QualificationCardOptions } from './qualificationCard';
export { summaryCard, type SummaryRow, type SummaryCardOptions } from './summaryCard';
export { customerChoiceCard, domainNotFoundCard, MAX_CUSTOMERS_LISTED, type CustomersCardOptions } from './customersCard';
export { welcomeCard } from './welcomeCard';
export {
  errorCard,
  invalidCustomerIdCard,
  tooManyCustomersCard,
  failureLine,
  quotedDescription,
  renderNotice,
  correlationLine,
  type ErrorCardContext,
  type NoticeContent,
  type NoticeTitleColor,
  type NoticeAction,
} from './errorCard';
export { helpCard, type HelpCardOptions } from './helpCard';
export {
  REFRESH_QUALIFICATION_VERB,
  refreshActionCustomerId,
  refreshSubmitCustomerId,
  partnerCenterCustomerUrl,
  exampleCommands,
  type CardExamples,
  type RefreshQualificationData,
} from './actions';
export { enUS, zhTW, messagesFor, allCatalogs, EXAMPLE_CUSTOMER_ID, type Messages, type ErrorText, type ErrorNextStepDetails } from './messages';
export { sanitizeText, sanitizeOptional, truncate, TEXT_LIMITS, ZERO_WIDTH_BREAK } from './escape';
export { line, ownLine, valueLine, slot, type Line, type RunData, type OutsideText } from './runs';
export { toCardTimestamp, cardDate, cardDateTime, parseIsoDateTime } from './dates';
export { cardsFolder, type AdaptiveCardJson, type TemplateName } from './templates';
