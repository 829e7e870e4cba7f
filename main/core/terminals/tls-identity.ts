import { createHash, randomBytes, webcrypto } from 'node:crypto';
import os from 'node:os';
import * as x509 from '@peculiar/x509';
import type { Db } from '../store/database';

/**
 * The terminal API's TLS identity: a self-signed ECDSA P-256 certificate, made on first use and kept
 * in the encrypted database (`app_settings`), so its fingerprint stays the same across restarts and
 * the tills can pin it. @peculiar/x509 builds it (Node makes keys but not certificates).
 */
export interface TlsIdentity {
  key: string;
  cert: string;
  /** SHA-256 of the certificate's DER, as colon-separated upper-case hex (what browsers and curl show). */
  fingerprint: string;
}

type X509Params = Parameters<typeof x509.X509CertificateGenerator.createSelfSigned>[0];

const ALGORITHM = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' };
const KEY_SETTING = 'tls_key';
const CERT_SETTING = 'tls_cert';

export function fingerprintOf(certPem: string): string {
  const der = new x509.X509Certificate(certPem).rawData;
  return createHash('sha256').update(Buffer.from(der)).digest('hex').toUpperCase().match(/../g)?.join(':') ?? '';
}

/** Addresses the certificate names: the one listened on, or every local IPv4 one for 0.0.0.0 / ::. */
function namesFor(host: string): x509.JsonGeneralName[] {
  const addresses = host === '0.0.0.0' || host === '::'
    ? Object.values(os.networkInterfaces()).flatMap((list) => (list ?? []).filter((a) => a.family === 'IPv4').map((a) => a.address))
    : [host];
  return [{ type: 'dns', value: 'localhost' }, ...[...new Set(['127.0.0.1', ...addresses])].map((value) => ({ type: 'ip' as const, value }))];
}

export async function newTlsIdentity(host: string, now = new Date()): Promise<TlsIdentity> {
  const keys = (await webcrypto.subtle.generateKey(ALGORITHM, true, ['sign', 'verify'])) as webcrypto.CryptoKeyPair;
  const cert = await x509.X509CertificateGenerator.createSelfSigned(
    {
      serialNumber: randomBytes(16).toString('hex').replace(/^[89a-f]/, '1'),
      name: 'CN=Watchdog terminal API',
      notBefore: new Date(now.getTime() - 60_000),
      notAfter: new Date(now.getTime() + 10 * 365 * 86_400_000),
      signingAlgorithm: ALGORITHM,
      keys: keys as unknown as X509Params['keys'],
      extensions: [
        new x509.BasicConstraintsExtension(false, undefined, true),
        new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature, true),
        new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.serverAuth]),
        new x509.SubjectAlternativeNameExtension(namesFor(host)),
      ],
    },
    webcrypto as unknown as Parameters<typeof x509.X509CertificateGenerator.createSelfSigned>[1],
  );
  const pkcs8 = Buffer.from(await webcrypto.subtle.exportKey('pkcs8', keys.privateKey));
  const key = `-----BEGIN PRIVATE KEY-----\n${pkcs8.toString('base64').match(/.{1,64}/g)?.join('\n')}\n-----END PRIVATE KEY-----\n`;
  const certPem = cert.toString('pem');
  return { key, cert: certPem, fingerprint: fingerprintOf(certPem) };
}

/** The stored identity, or a new one (stored before it is returned). */
export async function loadTlsIdentity(db: Db, host: string): Promise<TlsIdentity> {
  const read = (key: string) => db.prepare('SELECT value FROM app_settings WHERE key = ?').pluck().get(key) as string | undefined;
  const key = read(KEY_SETTING);
  const cert = read(CERT_SETTING);
  if (key && cert) return { key, cert, fingerprint: fingerprintOf(cert) };
  const made = await newTlsIdentity(host);
  const put = db.prepare('INSERT INTO app_settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value');
  db.transaction(() => {
    put.run(KEY_SETTING, made.key);
    put.run(CERT_SETTING, made.cert);
  })();
  return made;
}
