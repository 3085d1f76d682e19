// An independent verifier of the platform's Open Badges 3.0 credentials, built only on Digital Bazaar's
// W3C libraries (not on our code): @digitalbazaar/vc, data-integrity with the eddsa-rdfc-2022 cryptosuite,
// and vc-bitstring-status-list. Used by tests/certificates/test_credentials.py; never at run time.
//
// Usage: node verify.mjs INPUT.json, where INPUT is
//   {"credential": {...}, "didDocument": {...}, "statusLists": {"<url>": {...}}, "contextsDir": "..."}
// The document loader answers ONLY from the pinned contexts in contextsDir (certificates/jsonld/, the same
// files our Python code uses), the DID document and the status list credentials given: no network.
// Prints {"verified": bool, "error": "...", "status": [{"statusPurpose": ..., "index": ..., "set": bool}]}.
import {readFileSync} from 'node:fs';
import {join} from 'node:path';

import * as vc from '@digitalbazaar/vc';
import {DataIntegrityProof} from '@digitalbazaar/data-integrity';
import {cryptosuite as eddsaRdfc2022CryptoSuite} from '@digitalbazaar/eddsa-rdfc-2022-cryptosuite';
import {checkStatus} from '@digitalbazaar/vc-bitstring-status-list';

const input = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const pinned = JSON.parse(readFileSync(join(input.contextsDir, 'pinned.json'), 'utf8'));
const contexts = Object.fromEntries(Object.entries(pinned).map(
  ([url, file]) => [url, JSON.parse(readFileSync(join(input.contextsDir, file), 'utf8'))]));
const did = input.didDocument;
const statusLists = input.statusLists || {};

async function documentLoader(url) {
  const answer = document => ({contextUrl: null, documentUrl: url, document});
  if(url in contexts) {
    return answer(contexts[url]);
  }
  if(url in statusLists) {
    return answer(statusLists[url]);
  }
  if(url === did.id) {
    return answer(did);
  }
  if(url.startsWith(did.id + '#')) {
    const method = (did.verificationMethod || []).find(m => m.id === url);
    if(method) {
      return answer({'@context': 'https://w3id.org/security/multikey/v1', ...method});
    }
  }
  throw new Error(`refused to load ${url}`);
}

const suite = new DataIntegrityProof({cryptosuite: eddsaRdfc2022CryptoSuite});
const status = [];
async function recordStatus(options) {
  const result = await checkStatus(options);
  for(const item of result.results || []) {
    status.push({
      statusPurpose: item.credentialStatus.statusPurpose,
      index: Number(item.credentialStatus.statusListIndex),
      set: item.status,
    });
  }
  return result;
}

const result = await vc.verifyCredential({
  credential: input.credential, suite, documentLoader,
  checkStatus: input.credential.credentialStatus ? recordStatus : undefined,
});
const error = result.error ?
  [result.error, ...(result.error.errors || [])].map(e => e.message).join('; ') : '';
process.stdout.write(JSON.stringify({verified: result.verified, error, status}) + '\n');
