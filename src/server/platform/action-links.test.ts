import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../config';
import { linkSigningKey } from './action-links';
import { publicBaseUrl } from './public-url';

describe('link signing key', () => {
  it('uses LINK_SIGNING_SECRET when set', () => {
    const config = loadConfig({ LINK_SIGNING_SECRET: 's'.repeat(40) });
    expect(linkSigningKey(config).toString()).toBe('s'.repeat(40));
  });

  it('otherwise generates one in DATA_DIR, private to the app, and keeps using it', () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'passerelle-links-'));
    try {
      const config = loadConfig({ DATA_DIR: dataDir });
      const file = path.join(dataDir, 'link-signing-secret');
      expect(config.links.secretFile).toBe(file);
      const key = linkSigningKey(config);
      expect(key.toString()).toBe(fs.readFileSync(file, 'utf8'));
      expect(key.length).toBe(64);
      expect(fs.statSync(file).mode & 0o777).toBe(0o600);
      // A restart reads the same file.
      expect(linkSigningKey(loadConfig({ DATA_DIR: dataDir })).equals(key)).toBe(true);
    } finally {
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it('is required in production with a PostgreSQL server, where processes must share it', () => {
    expect(() =>
      loadConfig({ NODE_ENV: 'production', DATABASE_URL: 'postgres://db/passerelle' }),
    ).toThrow(/LINK_SIGNING_SECRET/);
    expect(() => loadConfig({ LINK_SIGNING_SECRET: 'short' })).toThrow(/LINK_SIGNING_SECRET/);
  });
});

describe('public base address', () => {
  it('is PUBLIC_URL without a trailing slash, or this server on localhost', () => {
    expect(publicBaseUrl(loadConfig({ PUBLIC_URL: 'https://p.example/' }))).toBe(
      'https://p.example',
    );
    expect(publicBaseUrl(loadConfig({ PORT: '4173' }))).toBe('http://localhost:4173');
    expect(publicBaseUrl(loadConfig({ HOST: '0.0.0.0', PORT: '80' }))).toBe('http://localhost:80');
    expect(publicBaseUrl(loadConfig({ HOST: '10.0.0.5', PORT: '8080' }))).toBe(
      'http://10.0.0.5:8080',
    );
  });
});
