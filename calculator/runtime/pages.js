// Run a function on every page the reader sees: with MkDocs Material's instant navigation,
// scripts run once and document$ (made by Material's bundle, which runs before
// DOMContentLoaded) emits on each page change; on a plain page, once the document is parsed.
export function onEveryPage(fn) {
  const subscribe = () => (window.document$ ? window.document$.subscribe(fn) : fn(document));
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", subscribe, { once: true });
  else subscribe();
}

/**
 * The page's policy runtime (policy-runtime.js): the one the page head started, else loaded
 * now. Taken from the head's copy when it has run: importing this folder's copy (another
 * URL) cost a request (a revalidation on a return visit) before a page could start.
 */
let runtimePromise = null;
export function policyRuntime() {
  if (!runtimePromise) {
    runtimePromise = window.policyRuntime ? Promise.resolve(window.policyRuntime)
      : import(new URL("./policy-runtime.js", import.meta.url).href).then((m) => m.default || window.policyRuntime);
  }
  return runtimePromise;
}
