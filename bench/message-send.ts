/**
 * Benchmark of Message → Send Template; prints, never asserts.
 * Run: npx ts-node --transpile-only bench/message-send.ts
 *  or, without npm: node -r ts-node/register/transpile-only bench/message-send.ts
 */
import './ts-first';
import './message-send-run';
