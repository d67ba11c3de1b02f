/** Registers every Loket element (guarded: a second load warns, never throws). */
import { defineElements } from './internal/define-elements.js';

defineElements();
