// Run a function on every page the reader sees. With MkDocs Material's instant
// navigation, scripts run once and document$ emits on each page change; without it
// (a plain page), run once the document is parsed. Where Material's bundle comes later
// (material-later.js, on the pages that start the runtime), run on this page now and on
// the pages Material swaps in from then on.
export function onEveryPage(fn) {
  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(fn);
    return;
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", fn, { once: true });
  } else {
    fn();
  }
  document.addEventListener("policy-material:ready", () => {
    let current = true; // document$ first replays this page, which fn has had
    window.document$.subscribe((doc) => {
      if (current) current = false;
      else fn(doc);
    });
  }, { once: true });
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
