// Runs FN on every page the reader sees: under Material's instant navigation, scripts run
// once and document$ (made by Material's bundle, before DOMContentLoaded) emits on each
// page; on a plain page, once the document is parsed.
export function onEveryPage(fn) {
  const subscribe = () => (window.document$ ? window.document$.subscribe(fn) : fn(document));
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", subscribe, { once: true });
  else subscribe();
}

/** The page's runtime (policy-runtime.js): the one the page head started, else this folder's
 * copy, imported now (another URL: a request the head's copy saves). */
let runtimePromise = null;
export function policyRuntime() {
  runtimePromise ||= window.policyRuntime ? Promise.resolve(window.policyRuntime)
    : import(new URL("./policy-runtime.js", import.meta.url).href).then((m) => m.default || window.policyRuntime);
  return runtimePromise;
}
