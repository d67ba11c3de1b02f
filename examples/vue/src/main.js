// Registers <loket-header> (and the elements it uses) once, before Vue renders it.
import 'loket-header/define';
import { createApp } from 'vue';
import { App } from './App.js';

createApp(App).mount('#app');
