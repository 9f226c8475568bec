// Permalink codec: the inputs travel in the URL fragment (#calc=…), never in the query
// string, so they never reach a server log.
//
//   #calc=z.<base64url of deflate-raw(UTF-8 JSON)>   when CompressionStream exists
//   #calc=j.<base64url of UTF-8 JSON>                 fallback (and always decodable)
// The JSON is {"v": 1, "plan": plan id, "plan_version": …, "input": the evaluated input}.

export const PREFIX = "calc=";
export const FORMAT_VERSION = 1;
// Bounds on a link, checked before the work: a link is typed or pasted by anyone.
export const MAX_LINK_CHARS = 64 * 1024; // the fragment (a 30-facility link is ~3 KB)
export const MAX_JSON_BYTES = 256 * 1024; // inflated: a deflate bomb stops here
export const MAX_DEPTH = 16; // nesting of the JSON (the input needs 5)
export const MAX_FACILITIES = 100; // per enterprise, in a link

const BROKEN = "链接中的自评数据已损坏（可能复制不完整），无法恢复。";

function toBase64Url(bytes) {
  let bin = "";
  const chunk = 0x8000;
  for (let i = 0; i < bytes.length; i += chunk) {
    bin += String.fromCharCode.apply(null, bytes.subarray(i, i + chunk));
  }
  return btoa(bin).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

function fromBase64Url(text) {
  const b64 = text.replace(/-/g, "+").replace(/_/g, "/");
  const bin = atob(b64 + "===".slice((b64.length + 3) % 4));
  const bytes = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
  return bytes;
}

async function pipe(bytes, stream) {
  const out = new Blob([bytes]).stream().pipeThrough(stream);
  return new Uint8Array(await new Response(out).arrayBuffer());
}

/** BYTES inflated (deflate-raw), read chunk by chunk; throws once more than LIMIT come out. */
async function inflateBounded(bytes, limit) {
  const reader = new Blob([bytes]).stream().pipeThrough(new DecompressionStream("deflate-raw")).getReader();
  const chunks = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.length;
    if (size > limit) {
      reader.cancel().catch(() => {});
      throw new Error(`链接中的自评数据解压后超过 ${Math.round(limit / 1024)} KB 的上限，无法恢复。`);
    }
    chunks.push(value);
  }
  const out = new Uint8Array(size);
  let at = 0;
  for (const chunk of chunks) {
    out.set(chunk, at);
    at += chunk.length;
  }
  return out;
}

/** The deepest nesting of [ and { in JSON TEXT (outside strings), without recursion. */
export function jsonDepth(text) {
  let depth = 0;
  let deepest = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 92) i++; // backslash: skip the escaped character
      else if (c === 34) inString = false;
    } else if (c === 34) inString = true;
    else if (c === 91 || c === 123) deepest = Math.max(deepest, ++depth);
    else if (c === 93 || c === 125) depth--;
  }
  return deepest;
}

function canCompress() {
  try {
    return typeof CompressionStream === "function" && typeof DecompressionStream === "function" &&
      !!new CompressionStream("deflate-raw");
  } catch {
    return false;
  }
}

/** {plan, plan_version, input} -> "calc=z.…" (without the leading #). */
export async function encode(payload, { compress = true } = {}) {
  const json = JSON.stringify({ v: FORMAT_VERSION, ...payload });
  const bytes = new TextEncoder().encode(json);
  if (compress && canCompress()) {
    try {
      const packed = await pipe(bytes, new CompressionStream("deflate-raw"));
      return `${PREFIX}z.${toBase64Url(packed)}`;
    } catch {
      /* fall through to the plain form */
    }
  }
  return `${PREFIX}j.${toBase64Url(bytes)}`;
}

/** Whether a location hash (with or without #) holds calculator inputs. */
export function isPermalink(hash) {
  return hash.replace(/^#/, "").startsWith(PREFIX);
}

/** "#calc=…" -> the payload object; throws an Error with a Chinese message when broken. */
export async function decode(hash) {
  const text = hash.replace(/^#/, "");
  if (!text.startsWith(PREFIX)) throw new Error("链接中没有自评数据。");
  if (text.length > MAX_LINK_CHARS) {
    throw new Error(`链接中的自评数据超过 ${MAX_LINK_CHARS / 1024} KB 的上限，无法恢复。`);
  }
  const body = text.slice(PREFIX.length);
  const codec = body.slice(0, 2);
  let bytes;
  try {
    bytes = fromBase64Url(decodeURIComponent(body.slice(2)));
  } catch {
    throw new Error(BROKEN);
  }
  if (codec === "z.") {
    if (!canCompress()) throw new Error("此浏览器无法解压链接中的数据，请改用最新版浏览器打开。");
    try {
      bytes = await inflateBounded(bytes, MAX_JSON_BYTES);
    } catch (error) {
      throw new Error(/上限/.test(error.message) ? error.message : BROKEN);
    }
  } else if (codec !== "j.") {
    throw new Error("无法识别链接中的自评数据格式。");
  } else if (bytes.length > MAX_JSON_BYTES) {
    throw new Error(`链接中的自评数据超过 ${Math.round(MAX_JSON_BYTES / 1024)} KB 的上限，无法恢复。`);
  }
  let payload;
  try {
    const json = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
    if (jsonDepth(json) > MAX_DEPTH) throw new Error("too deep");
    payload = JSON.parse(json);
  } catch {
    throw new Error(BROKEN);
  }
  if (!payload || typeof payload !== "object" || typeof payload.input !== "object" || payload.input === null) {
    throw new Error("链接中的自评数据不完整，无法恢复。");
  }
  const facilities = payload.input.facilities;
  if (facilities !== undefined && !Array.isArray(facilities)) throw new Error("链接中的自评数据不完整，无法恢复。");
  if (facilities && facilities.length > MAX_FACILITIES) {
    throw new Error(`链接中有 ${facilities.length} 个生产设施，超过每个企业 ${MAX_FACILITIES} 个的上限，无法恢复。`);
  }
  return payload;
}
