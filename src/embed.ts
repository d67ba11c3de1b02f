/**
 * The drop-in entry (`dist/loket-header.js`): registers the elements, puts a header where the script
 * stands when it carries data-* attributes, and exposes `window.loket`.
 */
// First: starts the config, theme and logo fetches before the rest of the script is evaluated.
import './internal/early-start.js';
import { startDropIn } from './internal/drop-in.js';

startDropIn();
