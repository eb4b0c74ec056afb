export {
  AppError,
  BadInputError,
  NotFoundError,
  ConflictError,
  AuthenticationError,
  ForbiddenError,
  TooManyAttemptsError,
} from './app-error.js';
