/**
 * Who is asking: one `Viewer` (user id, role, departments, language, time
 * zone) built by the web session (or the CLI and SOAP as a `ViewerIdentity`)
 * and passed into every service call, which applies the scope itself.
 */
export {
  assertMayActOnUser,
  assertRole,
  mayActOnUser,
  viewerScope,
  type ScopedUser,
  type Viewer,
  type ViewerIdentity,
  type ViewerRole,
  type ViewerScope,
} from './viewer.js';
