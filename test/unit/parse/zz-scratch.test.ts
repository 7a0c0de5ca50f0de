import { it } from 'vitest';
import { htmlToText } from '../../../src/parse/html-to-text.js';
it('s', () => {
for (const s of ['<b>x</b>', 'AT&amp;T', 'It&#8217;s', '<p>a</p><p>b</p>', '<script>alert(1)</script>hi<style>p{}</style>', 'a < b and c > d', 'AT&T <3', '<![CDATA[x]]>y', '&nbsp;a&nbsp;&nbsp;b', 'x<br>y', '<svg><title>t</title></svg>z', 'caf&eacute;', 'fish &amp chips', '<script>never closed', '<p>unclosed <b>bold']) console.log(JSON.stringify(s), '=>', JSON.stringify(htmlToText(s)));
});
