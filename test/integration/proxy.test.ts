// Proxies inside VS Code: the extension sends with node:http, which the extension host routes through VS Code's own
// proxy support (`http.proxy`, `http.proxySupport`, the system's proxy), so a Digital Platform behind a corporate
// proxy sets it once for all of VS Code. The "Prakerja sandbox" here is a host name that does not resolve: only a
// request that went through the proxy can reach the fault server behind it.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { faults, startFaultServer, type FaultServer } from '../support/faultServer';
import { startForwardProxy, type ForwardProxy } from '../support/forwardProxy';
import { activateApi, voidTransaction } from './helpers';

const credentials = { clientCode: 'dp-proxy-client', signKey: 'proxy-suite-sign-key' };
const UNRESOLVABLE = 'http://api.prakerja-proxy.invalid';

suite('Proxy', () => {
  let origin: FaultServer;
  let proxy: ForwardProxy;
  const global = vscode.ConfigurationTarget.Global;

  suiteSetup(async () => {
    await activateApi();
    origin = await startFaultServer();
    origin.use(faults.json(200, { success: true, message: 'Transaksi berhasil dibatalkan.' }));
    proxy = await startForwardProxy({ host: '127.0.0.1', port: Number(new URL(origin.url).port) });
    await vscode.commands.executeCommand('prakerja.setCredentials', { environment: 'sandbox', ...credentials });
    await vscode.workspace.getConfiguration('prakerja').update('sandbox.baseUrl', UNRESOLVABLE, global);
    await vscode.workspace.getConfiguration('prakerja').update('request.timeoutSeconds', 5, global);
  });

  suiteTeardown(async () => {
    await vscode.workspace.getConfiguration('http').update('proxy', undefined, global);
    await vscode.workspace.getConfiguration('prakerja').update('sandbox.baseUrl', undefined, global);
    await vscode.workspace.getConfiguration('prakerja').update('request.timeoutSeconds', undefined, global);
    await vscode.commands.executeCommand('prakerja.clearCredentials', { environment: 'sandbox', confirmed: true });
    await proxy.close();
    await origin.close();
  });

  test('without a proxy the host does not resolve: a DNS failure, recorded', async () => {
    const entry = await voidTransaction({ invoiceCode: 'INV-PROXY', transactionCode: 'TRX-PROXY-DIRECT', environment: 'sandbox' });
    assert.deepEqual([entry?.kind, entry?.fault], ['networkError', 'dns']);
    assert.equal(proxy.forwarded.length + proxy.tunnels.length, 0);
  });

  test('with http.proxy set, the void goes through the proxy, signed and sent as built', async () => {
    await vscode.workspace.getConfiguration('http').update('proxy', proxy.url, global);
    const entry = await voidTransaction({ invoiceCode: 'INV-PROXY', transactionCode: 'TRX-PROXY-VIA', environment: 'sandbox' });
    assert.equal(entry?.kind, 'success', JSON.stringify(entry));
    // A plain-HTTP target is forwarded in absolute form (a TLS one would be tunnelled with CONNECT).
    const asked = [...proxy.forwarded, ...proxy.tunnels].join(' ');
    assert.match(asked, /api\.prakerja-proxy\.invalid/);
    assert.equal(origin.lastBody, entry?.request.body, 'the body that arrived is the body signed');
  });

  test('the local sandbox never goes through the proxy', async () => {
    await vscode.workspace.getConfiguration('http').update('proxy', proxy.url, global);
    const before = proxy.forwarded.length + proxy.tunnels.length;
    const entry = await voidTransaction({ invoiceCode: 'INV-PROXY', transactionCode: 'TRX-OK-PROXY-LOCAL', environment: 'local' });
    assert.equal(entry?.kind, 'success');
    assert.equal(proxy.forwarded.length + proxy.tunnels.length, before);
  });
});
