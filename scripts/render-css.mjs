// Writes each pre-rendered element's CSS beside the drop-in (dist/loket-header.css ...), for `renderHeader`'s
// `styles: 'link'`: the same text Lit SSR puts in the inline <style>.
import { writeFileSync } from 'node:fs';
import { STYLED_ELEMENTS, elementCss } from '../dist/render/render.js';

for (const tag of STYLED_ELEMENTS) writeFileSync(new URL(`../dist/${tag}.css`, import.meta.url), elementCss(tag));
