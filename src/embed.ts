/**
 * The drop-in entry (`dist/loket-header.js`): registers the elements, puts a header where the script
 * stands when it carries data-* attributes, and exposes `window.loket`.
 */
import { startDropIn } from './internal/drop-in.js';

startDropIn();
