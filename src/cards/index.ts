export { type CardOptions } from './options';
export { qualificationCard, statusPresentation, type StatusColor } from './qualificationCard';
export { errorCard, invalidCustomerIdCard, type ErrorCardContext } from './errorCard';
export { helpCard } from './helpCard';
export { enUS, messagesFor, EXAMPLE_CUSTOMER_ID, type Messages, type ErrorText, type ErrorNextStepDetails } from './messages';
export { escapeText, escapeOptional, truncate, TEXT_LIMITS } from './escape';
export { toCardTimestamp, cardDate, cardDateTime, parseIsoDateTime } from './dates';
export { cardsFolder, type AdaptiveCardJson, type TemplateName } from './templates';
