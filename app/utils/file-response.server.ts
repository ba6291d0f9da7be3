/** An attached file as a download response, the same for every kind of owner. */
export function fileDownload(file: {
  filename: string;
  content_type: string;
  size_bytes: number;
  sha256: string;
  content: Uint8Array;
}): Response {
  return new Response(new Uint8Array(file.content), {
    headers: {
      "Content-Type": file.content_type,
      "Content-Length": String(file.size_bytes),
      // Always a download: an uploaded file never renders inside our origin.
      "Content-Disposition": `attachment; filename="${file.filename.replace(/[^\x20-\x7e]/g, "_")}"; filename*=UTF-8''${rfc5987(file.filename)}`,
      "X-Content-Type-Options": "nosniff",
      "Cache-Control": "private, no-store",
      Digest: `sha-256=${Buffer.from(file.sha256, "hex").toString("base64")}`,
    },
  });
}

/** Percent-encodes everything outside RFC 5987's attr-char, which encodeURIComponent leaves alone for ' ( ) * !. */
function rfc5987(value: string): string {
  return encodeURIComponent(value).replace(/['()*!]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}
