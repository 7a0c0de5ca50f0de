const c = require('i18n-iso-countries/index.js');
const langs=['en','fr','de','es','it','pt','nl','pl','ru','uk','kk','tr','ar','fa','he','zh','ja','ko'];
const fold=s=>s.normalize('NFKD').replace(/[\p{M}\u0640]/gu,'').normalize('NFC').toLowerCase();
const key=new Map();
for (const l of langs){ const d=require(`i18n-iso-countries/langs/${l}.json`).countries;
 for (const [code,v] of Object.entries(d)) for (const n of [].concat(v)) {
  const k=fold(n.replace(/\(.*?\)/g,'')).match(/[\p{L}\p{N}]+/gu)?.join(' ')??'';
  const prev=key.get(k); if(prev&&prev.code!==code) console.log('CONFLICT',k,prev.code,prev.l,code,l);
  if(!prev) key.set(k,{code,l,n});
 }}
const single=[...key].filter(([k,v])=>!k.includes(' ')&&/^[a-z]+$/.test(k)&&v.l!=='en'&&k.length<=7);
console.log(single.map(([k,v])=>`${k}:${v.code}:${v.l}`).join(' '));
console.log(key.size);
console.log('---long');
console.log([...key].filter(([k,v])=>!k.includes(' ')&&/^[a-z]+$/.test(k)&&v.l!=='en'&&k.length>7).map(([k,v])=>`${k}:${v.code}`).join(' '));
console.log('---cyr');
console.log([...key].filter(([k,v])=>/^[\u0400-\u04ff ]+$/.test(k)&&k.length<=6).map(([k,v])=>`${k}:${v.code}:${v.l}`).join(' '));
console.log('---multi latin non-en');
console.log([...key].filter(([k,v])=>k.includes(' ')&&/^[a-z ]+$/.test(k)&&v.l!=='en').map(([k,v])=>`${k}:${v.code}`).join(' | '));
