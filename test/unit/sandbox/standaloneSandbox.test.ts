import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { runProgramAsync, skipWithout } from '../../support/runtimes';

// The standalone sandbox (`npm run sandbox`, here from source) with a client of its own (--client), and programs in
// six languages that sign the way public integrations do and send over HTTP: each refusal must carry the right
// diagnosis. The programs read the clock themselves, as real ones do; nothing here depends on its value.
const root = join(__dirname, '..', '..', '..');
const EP = '/api/v1/integration/payment/void';

describe('standalone sandbox: wrong signatures from real programs', () => {
  let child: ChildProcess;
  let url = '';

  before(async () => {
    child = spawn(process.execPath, [join(root, 'node_modules', 'tsx', 'dist', 'cli.mjs'), join(root, 'src', 'sandbox', 'main.ts'), '--port', '0', '--client', 'dp-1=secret-1'], { stdio: ['ignore', 'pipe', 'inherit'] });
    let output = '';
    child.stdout!.setEncoding('utf8');
    url = await new Promise<string>((resolve, reject) => {
      child.stdout!.on('data', (text: string) => {
        output += text;
        // The banner's last line: everything above it (the clients) has been printed.
        const match = /listening on (http:\/\/\S+)[\s\S]*Press Ctrl-C to stop/.exec(output);
        if (match) resolve(match[1]!);
      });
      child.once('exit', (code) => reject(new Error(`the sandbox exited with ${code}: ${output}`)));
    });
    assert.ok(output.includes('client_code   dp-1'), output);
    assert.equal(output.includes('secret-1'), false, 'a --client key is never printed');
  });
  after(() => {
    child.kill();
  });

  const causes = (lines: string[]) => {
    const answer = JSON.parse(lines.join('\n')) as { code: string; source: string; diagnosis: Array<{ cause: string }> };
    assert.deepEqual([answer.code, answer.source], ['SANDBOX-SIGNATURE-INVALID', 'local-sandbox']);
    return answer.diagnosis.map((d) => d.cause);
  };
  const env = () => ({ SANDBOX_URL: url });

  it("Python, the spec's example: signs compact JSON, sends json.dumps(data)", { skip: skipWithout('python') }, async () => {
    const out = await runProgramAsync('python', `import json, hmac, hashlib, time, os, urllib.request, urllib.error
data = {"invoice_code": "INV-1", "transaction_code": "TRX-OK-PY"}
ts = str(int(time.time()))
signature = hmac.new(b"secret-1", ("dp-1" + ts + "POST" + "${EP}" + json.dumps(data, separators=(",", ":"))).encode(), hashlib.sha1).hexdigest()
request = urllib.request.Request(os.environ["SANDBOX_URL"] + "${EP}", data=json.dumps(data).encode(), method="POST",
    headers={"Content-Type": "application/json", "client_code": "dp-1", "signature": signature, "timestamp": ts})
try:
    print(urllib.request.urlopen(request).read().decode())
except urllib.error.HTTPError as error:
    print(error.read().decode())`, env());
    assert.deepEqual(causes(out), ['body.python', 'body.signedNotSent']);
  });

  it('PHP, a base URL ending in "/" and json_encode defaults', { skip: skipWithout('php') }, async () => {
    const out = await runProgramAsync('php', `$base = getenv('SANDBOX_URL') . '/';
$data = ['invoice_code' => 'INV/2026/1', 'transaction_code' => 'TRX-OK-PHP'];
$ts = (string) time();
$signature = hash_hmac('sha1', 'dp-1' . $ts . 'POST' . '${EP}' . json_encode($data), 'secret-1');
$context = stream_context_create(['http' => ['method' => 'POST', 'ignore_errors' => true, 'content' => json_encode($data, JSON_UNESCAPED_SLASHES),
  'header' => "Content-Type: application/json\\r\\nclient_code: dp-1\\r\\nsignature: $signature\\r\\ntimestamp: $ts\\r\\n"]]);
echo file_get_contents($base . '${EP}', false, $context), "\\n";`, env());
    assert.deepEqual(causes(out), ['body.php', 'body.signedNotSent', 'endpoint.sentPath']);
  });

  it('Ruby, a key read from a file with its newline, and the full URL signed', { skip: skipWithout('ruby') }, async () => {
    const out = await runProgramAsync('ruby', `require 'openssl'; require 'net/http'; require 'json'; require 'tempfile'
file = Tempfile.new('key'); file.write("secret-1\\n"); file.close
key = File.read(file.path)
url = ENV['SANDBOX_URL']
body = JSON.generate({ 'invoice_code' => 'INV-1', 'transaction_code' => 'TRX-OK-RB' })
ts = Time.now.to_i.to_s
signature = OpenSSL::HMAC.hexdigest('sha1', key, 'dp-1' + ts + 'POST' + url + '${EP}' + body)
puts Net::HTTP.post(URI(url + '${EP}'), body, 'Content-Type' => 'application/json', 'client_code' => 'dp-1', 'signature' => signature, 'timestamp' => ts).body`, env());
    assert.deepEqual(causes(out), ['endpoint.fullUrl', 'key.whitespace']);
  });

  it('Node, a lower-case method and HMAC-SHA256', { skip: skipWithout('node') }, async () => {
    const out = await runProgramAsync('node', `const crypto = require('crypto');
const body = JSON.stringify({ invoice_code: 'INV-1', transaction_code: 'TRX-OK-NODE' });
const ts = String(Math.floor(Date.now() / 1000));
const signature = crypto.createHmac('sha256', 'secret-1').update('dp-1' + ts + 'post' + '${EP}' + body).digest('hex');
fetch(process.env.SANDBOX_URL + '${EP}', { method: 'POST', headers: { 'content-type': 'application/json', client_code: 'dp-1', signature, timestamp: ts }, body })
  .then((r) => r.text()).then((t) => console.log(t));`, env());
    assert.deepEqual(causes(out), ['method.lowercase', 'output.sha256']);
  });

  it('Node, a signer that hard-codes the demo client_code and key while the header sends dp-1', { skip: skipWithout('node') }, async () => {
    const out = await runProgramAsync('node', `const crypto = require('crypto');
const body = JSON.stringify({ invoice_code: 'INV-1', transaction_code: 'TRX-OK-HARD' });
const ts = String(Math.floor(Date.now() / 1000));
const signature = crypto.createHmac('sha1', 'sandbox-sign-key').update('sandbox-client' + ts + 'POST' + '${EP}' + body).digest('hex');
fetch(process.env.SANDBOX_URL + '${EP}', { method: 'POST', headers: { 'content-type': 'application/json', client_code: 'dp-1', signature, timestamp: ts }, body })
  .then((r) => r.text()).then((t) => console.log(t));`, env());
    assert.deepEqual(causes(out), ['clientCode.other']);
  });

  it('Go, json.Marshal of a struct signed, a fmt.Sprintf body sent', { skip: skipWithout('go') }, async () => {
    const out = await runProgramAsync('go', `package main
import ("bytes"; "crypto/hmac"; "crypto/sha1"; "encoding/hex"; "encoding/json"; "fmt"; "io"; "net/http"; "os"; "strconv"; "time")
type Void struct {
  InvoiceCode string \`json:"invoice_code"\`
  TransactionCode string \`json:"transaction_code"\`
}
func main() {
  signed, _ := json.Marshal(Void{"INV<1>&2", "TRX-OK-GO"})
  sent := fmt.Sprintf(\`{"invoice_code":"%s","transaction_code":"%s"}\`, "INV<1>&2", "TRX-OK-GO")
  ts := strconv.FormatInt(time.Now().Unix(), 10)
  mac := hmac.New(sha1.New, []byte("secret-1"))
  mac.Write([]byte("dp-1" + ts + "POST" + "${EP}" + string(signed)))
  req, _ := http.NewRequest("POST", os.Getenv("SANDBOX_URL") + "${EP}", bytes.NewBufferString(sent))
  req.Header.Set("Content-Type", "application/json")
  req.Header.Set("client_code", "dp-1")
  req.Header.Set("signature", hex.EncodeToString(mac.Sum(nil)))
  req.Header.Set("timestamp", ts)
  res, err := http.DefaultClient.Do(req)
  if err != nil { panic(err) }
  body, _ := io.ReadAll(res.Body)
  fmt.Println(string(body))
}`, env());
    assert.deepEqual(causes(out), ['body.go', 'body.signedNotSent']);
  });

  it('Java, the raw_signature encoded as ISO-8859-1', { skip: skipWithout('java') }, async () => {
    const out = await runProgramAsync('java', `import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
public class Main {
  public static void main(String[] args) throws Exception {
    String body = "{\\"invoice_code\\":\\"INV-caf\\u00e9\\",\\"transaction_code\\":\\"TRX-OK-JAVA\\"}";
    String ts = String.valueOf(System.currentTimeMillis() / 1000);
    Mac mac = Mac.getInstance("HmacSHA1");
    mac.init(new SecretKeySpec("secret-1".getBytes(StandardCharsets.ISO_8859_1), "HmacSHA1"));
    StringBuilder hex = new StringBuilder();
    for (byte b : mac.doFinal(("dp-1" + ts + "POST" + "${EP}" + body).getBytes(StandardCharsets.ISO_8859_1))) hex.append(String.format("%02x", b));
    HttpRequest request = HttpRequest.newBuilder(URI.create(System.getenv("SANDBOX_URL") + "${EP}")).version(HttpClient.Version.HTTP_1_1)
      .header("Content-Type", "application/json").header("client_code", "dp-1").header("signature", hex.toString()).header("timestamp", ts)
      .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)).build();
    System.out.println(HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString()).body());
  }
}`, env());
    assert.deepEqual(causes(out), ['charset']);
  });
});
