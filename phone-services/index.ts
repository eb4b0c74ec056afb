/**
 * The Cisco IP Phone XML service for Phone Lock: the screens under /phone
 * (menu, line picker, PIN entry, results, status), the authentication URL,
 * and notices pushed to phones after a lock change.
 */
export { createPhoneRouter, type PhoneRouterDeps } from './phone-router.js';
export {
  createPhonePushService,
  type PhonePushService,
  type PhonePushDeps,
  type PushSettings,
} from './push/phone-push-service.js';
export { phoneReachableBaseUrl } from './public-base-url.js';
export { createPhoneMetrics, type PhoneMetrics } from './phone-metrics.js';
export type { PhoneDirectory, PhoneDevice, PhoneLine } from './phone-directory.js';
export { renderExecute } from './xml/render-execute.js';
export { renderInput } from './xml/render-input.js';
export { renderMenu } from './xml/render-menu.js';
export { renderText } from './xml/render-text.js';
export type { PhoneExecute, PhoneInput, PhoneMenu, PhoneText, PhoneSoftKey } from './xml/phone-objects.js';
