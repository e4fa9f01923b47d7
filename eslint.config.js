// Lint for the review page's scripts (subtitler/review/static): classic
// scripts that share nothing but the one window.SubtitlerReview object.
"use strict";
const js = require("@eslint/js");
const globals = require("globals");

module.exports = [
  js.configs.recommended,
  {
    files: ["subtitler/review/static/**/*.js"],
    languageOptions: {
      ecmaVersion: 2022,
      sourceType: "script",
      globals: { ...globals.browser },
    },
    rules: {
      "no-undef": "error",
      "no-implicit-globals": "error",
      "no-unused-vars": ["error", { args: "none" }],
      "no-shadow": "error",
      eqeqeq: "error",
      "prefer-const": "error",
      "no-var": "error",
      strict: ["error", "function"],
    },
  },
  {
    files: ["eslint.config.js"],
    languageOptions: { sourceType: "commonjs", globals: { ...globals.node } },
  },
];
