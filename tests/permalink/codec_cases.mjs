// calculator/app/codec.js under Node (which has CompressionStream): hostile links.
// Prints JSON {case: {ok, message, ms}}.
import { deflateRawSync } from "node:zlib";
import * as codec from "../../calculator/app/codec.js";

const b64url = (bytes) => Buffer.from(bytes).toString("base64").replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
const link = (kind, text) => `#calc=${kind}.${b64url(kind === "z" ? deflateRawSync(Buffer.from(text)) : Buffer.from(text))}`;
const input = (n) => JSON.stringify({ v: 1, plan: "jinzhong-2019-2020", input: {
  enterprise: { name: "甲", county: "介休市" }, facilities: Array.from({ length: n }, (_, i) => ({ id: `F${i + 1}`, industry: "coke" })) } });

const cases = {
  round_trip: await codec.encode(JSON.parse(input(3))).then((t) => `#${t}`),
  plain: link("j", input(2)),
  bomb: link("z", `{"v":1,"input":{"facilities":[],"x":"${"0".repeat(20 * 1024 * 1024)}"}}`),
  deep: link("z", `{"v":1,"input":${"[".repeat(100000)}${"]".repeat(100000)}}`),
  many_facilities: link("z", input(1000)),
  long_link: `#calc=j.${"A".repeat(codec.MAX_LINK_CHARS)}`,
  broken: "#calc=z.AAAA",
};
const out = {};
for (const [name, hash] of Object.entries(cases)) {
  const t = performance.now();
  try {
    const payload = await codec.decode(hash);
    out[name] = { ok: true, facilities: payload.input.facilities.length, ms: performance.now() - t, chars: hash.length };
  } catch (error) {
    out[name] = { ok: false, message: error.message, ms: performance.now() - t, chars: hash.length };
  }
}
console.log(JSON.stringify(out));
