// Tiny DOM helpers. Every string becomes a text node: no innerHTML anywhere in the
// calculator, so what a user typed (enterprise name, facility name, vehicle id …) is
// always shown as text.

/**
 * h("p", {class: "x", id: "y", onclick: fn, hidden: true}, "text", child, [more])
 * Attributes: `on…` functions become listeners; `true` gives an empty attribute;
 * `false`, null and undefined are left out.
 */
export function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  if (attrs) {
    for (const [name, value] of Object.entries(attrs)) {
      if (value === false || value === null || value === undefined) continue;
      if (name.startsWith("on") && typeof value === "function") {
        el.addEventListener(name.slice(2), value);
      } else if (name === "dataset") {
        Object.assign(el.dataset, value);
      } else if (value === true) {
        el.setAttribute(name, "");
      } else {
        el.setAttribute(name, String(value));
      }
    }
  }
  append(el, children);
  return el;
}

export function append(el, children) {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    if (Array.isArray(child)) append(el, child);
    else if (child instanceof Node) el.appendChild(child);
    else el.appendChild(document.createTextNode(String(child)));
  }
  return el;
}

export function clear(el) {
  while (el.firstChild) el.removeChild(el.firstChild);
  return el;
}

/** A stable id from an error path: facilities[0].distance_km -> calc-facilities-0-distance_km */
export function pathId(path) {
  return "calc-" + path.replace(/[[\].]+/g, "-").replace(/-+$/, "");
}

/** After the next frame has been drawn (at the latest after 100 ms: a hidden tab draws no frames). */
function afterNextFrame() {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, 100);
    requestAnimationFrame(() => setTimeout(() => {
      clearTimeout(timer);
      resolve();
    }, 0));
  });
}

/**
 * draw(item, i) for the first of ITEMS at once and for each further one after the next frame,
 * so that no task both makes and lays out all of them; stops when wanted() turns false (drawn
 * anew meanwhile). A promise, resolved when done.
 */
export async function drawOneAFrame(items, draw, wanted) {
  for (let i = 0; i < items.length; i++) {
    if (i) await afterNextFrame();
    if (!wanted()) return;
    draw(items[i], i);
  }
}
