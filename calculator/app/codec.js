// Permalink codec: the inputs travel in the URL fragment (#calc=…), never in the query
// string, so they never reach a server log.
//
//   #calc=z.<base64url of deflate-raw(UTF-8 JSON)>   when CompressionStream exists
//   #calc=j.<base64url of UTF-8 JSON>                 fallback (and always decodable)
// The JSON is {"v": 1, "plan": plan id, "plan_version": …, "input": the evaluated input}.

export const PREFIX = "calc=";
export const FORMAT_VERSION = 1;

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
  const body = text.slice(PREFIX.length);
  const codec = body.slice(0, 2);
  let bytes;
  try {
    bytes = fromBase64Url(decodeURIComponent(body.slice(2)));
  } catch {
    throw new Error("链接中的自评数据已损坏（可能复制不完整），无法恢复。");
  }
  if (codec === "z.") {
    if (!canCompress()) throw new Error("此浏览器无法解压链接中的数据，请改用最新版浏览器打开。");
    try {
      bytes = await pipe(bytes, new DecompressionStream("deflate-raw"));
    } catch {
      throw new Error("链接中的自评数据已损坏（可能复制不完整），无法恢复。");
    }
  } else if (codec !== "j.") {
    throw new Error("无法识别链接中的自评数据格式。");
  }
  let payload;
  try {
    payload = JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(bytes));
  } catch {
    throw new Error("链接中的自评数据已损坏（可能复制不完整），无法恢复。");
  }
  if (!payload || typeof payload !== "object" || typeof payload.input !== "object" || payload.input === null) {
    throw new Error("链接中的自评数据不完整，无法恢复。");
  }
  return payload;
}
