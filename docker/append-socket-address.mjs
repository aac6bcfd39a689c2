// Preloaded into the Next server (node --import): appends the address on each request's socket
// to X-Forwarded-For, as a proxy hop does. Next only writes that header when it is absent, so
// without this a client connecting directly could name any address it liked; with it, the
// rightmost entry is always the socket's and lib/rate-limit/limits.ts counts TRUSTED_PROXY_HOPS
// in from there.
import http from "node:http";

const emit = http.Server.prototype.emit;
if (!emit.appendsSocketAddress) {
  const appending = function (event, request, ...rest) {
    if (event === "request" && request && request.socket) {
      const address = request.socket.remoteAddress;
      if (address) {
        const forwarded = request.headers["x-forwarded-for"];
        request.headers["x-forwarded-for"] = forwarded ? `${forwarded}, ${address}` : address;
      }
    }
    return emit.call(this, event, request, ...rest);
  };
  appending.appendsSocketAddress = true;
  http.Server.prototype.emit = appending;
}
