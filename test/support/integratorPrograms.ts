// Programs an integrator's backend might be: each signs and sends a Void to the URL in $URL with $CLIENT and $KEY,
// some with a known mistake, and prints the HTTP status. Run by their real interpreters (see runtimes.ts).
import { VOID_ENDPOINT } from '../../src/core/signing/request';

/** The spec's Python example: signs compact JSON but sends json.dumps(data) (with spaces). `compact` sends what it signed. */
export const python = (compact: boolean) => `
import hmac, hashlib, json, os, time, urllib.request, urllib.error
data = {"invoice_code": "INV-PY", "transaction_code": "TRX-OK-PY-${compact ? 'RIGHT' : 'WRONG'}"}
ts = str(int(time.time()))
path = "${VOID_ENDPOINT}"
signed_body = json.dumps(data, separators=(",", ":"))
raw = os.environ["CLIENT"] + ts + "POST" + path + signed_body
sig = hmac.new(os.environ["KEY"].encode(), raw.encode(), hashlib.sha1).hexdigest()
body = ${compact ? 'signed_body' : 'json.dumps(data)'}
req = urllib.request.Request(os.environ["URL"] + path, data=body.encode(), method="POST", headers={"Content-Type": "application/json", "client_code": os.environ["CLIENT"], "timestamp": ts, "signature": sig})
try:
    print(urllib.request.urlopen(req).status)
except urllib.error.HTTPError as e:
    print(e.code)
`;

/** PHP signs json_encode's default output (slashes escaped) but sends the unescaped form. */
export const php = `
$data = ["invoice_code" => "INV/PHP", "transaction_code" => "TRX-OK-PHP"];
$ts = (string) time();
$path = "${VOID_ENDPOINT}";
$sig = hash_hmac("sha1", getenv("CLIENT") . $ts . "POST" . $path . json_encode($data), getenv("KEY"));
$body = json_encode($data, JSON_UNESCAPED_SLASHES);
$ctx = stream_context_create(["http" => ["method" => "POST", "ignore_errors" => true, "content" => $body,
  "header" => "Content-Type: application/json\\r\\nclient_code: " . getenv("CLIENT") . "\\r\\ntimestamp: $ts\\r\\nsignature: $sig\\r\\n"]]);
file_get_contents(getenv("URL") . $path, false, $ctx);
preg_match("/ (\\d{3}) /", $http_response_header[0], $m);
echo $m[1], "\\n";
`;

/** Ruby signs the method in lower case. */
export const ruby = `
require "net/http"; require "openssl"; require "json"
data = { invoice_code: "INV-RB", transaction_code: "TRX-OK-RB" }
ts = Time.now.to_i.to_s
path = "${VOID_ENDPOINT}"
body = JSON.generate(data)
sig = OpenSSL::HMAC.hexdigest("SHA1", ENV["KEY"], ENV["CLIENT"] + ts + "post" + path + body)
uri = URI(ENV["URL"] + path)
req = Net::HTTP::Post.new(uri, "Content-Type" => "application/json", "client_code" => ENV["CLIENT"], "timestamp" => ts, "signature" => sig)
req.body = body
puts Net::HTTP.start(uri.hostname, uri.port) { |h| h.request(req) }.code
`;

/** Node signs and sends the same compact body (a right request). */
export const node = `
const crypto = require("node:crypto");
const body = JSON.stringify({ invoice_code: "INV-JS", transaction_code: "TRX-OK-JS-" + Date.now() });
const ts = String(Math.floor(Date.now() / 1000));
const path = "${VOID_ENDPOINT}";
const signature = crypto.createHmac("sha1", process.env.KEY).update(process.env.CLIENT + ts + "POST" + path + body).digest("hex");
fetch(process.env.URL + path, { method: "POST", headers: { "content-type": "application/json", client_code: process.env.CLIENT, timestamp: ts, signature }, body })
  .then((r) => console.log(r.status));
`;
