/** Accounts for the admin web and the SOAP API: argon2id-hashed passwords, roles admin and supervisor. */
export {
  createAdminAccountService,
  adminPasswordHashOptions,
  type AdminAccountService,
  type AdminAccount,
} from './admin-account-service.js';
export {
  createSignInThrottle,
  SignInLockedError,
  type SignInThrottle,
  type SignInThrottleSettings,
} from './sign-in-throttle.js';
