// Audits a running Guanxi server against the GraphQL over HTTP specification
// with graphql-http's server audits, then loads its schema the way GraphiQL
// and code generators do (graphql-js's introspection query, every option on).
//
//   node audit.mjs http://127.0.0.1:8080/graphql
//
// Exits 1 if any audit does not pass. Every MUST and every SHOULD is claimed;
// so is every MAY the server implements, which is all of them today. An audit
// the server deliberately does not pass would be listed in NOT_CLAIMED with
// the reason.
import { serverAudits } from 'graphql-http';
import { buildClientSchema, getIntrospectionQuery } from 'graphql';

const NOT_CLAIMED = new Map([
  // ['id', 'why the server does otherwise'],
]);

const url = process.argv[2];
if (!url) {
  console.error('usage: node audit.mjs <graphql endpoint URL>');
  process.exit(2);
}

let failed = 0;
for (const audit of serverAudits({ url })) {
  const result = await audit.fn();
  const claimed = !NOT_CLAIMED.has(result.id);
  const ok = result.status === 'ok';
  if (!ok && claimed) failed += 1;
  const mark = ok ? 'ok  ' : claimed ? 'FAIL' : 'skip';
  console.log(`${mark} ${result.id} ${result.name}`);
  if (!ok) {
    const detail = claimed ? result.reason : NOT_CLAIMED.get(result.id);
    console.log(`     ${detail}`);
    if (claimed && result.response) {
      const body = await result.response.text().catch(() => '');
      console.log(`     HTTP ${result.response.status} ${result.response.headers.get('content-type')}: ${body.slice(0, 300)}`);
    }
  }
}

try {
  const query = getIntrospectionQuery({
    descriptions: true,
    specifiedByUrl: true,
    directiveIsRepeatable: true,
    schemaDescription: true,
    inputValueDeprecation: true,
    oneOf: true,
  });
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json, application/json;q=0.9' },
    body: JSON.stringify({ query, operationName: 'IntrospectionQuery' }),
  });
  const body = await res.json();
  if (res.status !== 200 || body.errors) {
    throw new Error(`HTTP ${res.status}: ${JSON.stringify(body.errors)}`);
  }
  const schema = buildClientSchema(body.data);
  const types = Object.keys(schema.getTypeMap()).length;
  console.log(`ok   introspection: graphql-js built the schema (${types} types)`);
} catch (e) {
  failed += 1;
  console.log(`FAIL introspection: ${e.message}`);
}

console.log(failed === 0 ? 'graphql-http audit: every claimed audit passed' : `graphql-http audit: ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
