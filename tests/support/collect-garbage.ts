// A full garbage collection on demand, for tests of what must survive one (a request's deadline).
import v8 from "node:v8";
import vm from "node:vm";

/** The flag exposes `gc` to contexts created after it is set. */
export function collectGarbage(): void {
  v8.setFlagsFromString("--expose-gc");
  (vm.runInNewContext("gc") as () => void)();
}
