// The error code a refused sign-in carries to the browser: shared by the auth route and the form,
// without pulling server code into the client bundle.
export const SIGN_IN_RATE_LIMITED = "RateLimited";
