/**
 * The one global the extension's classic scripts share: `globalThis.Klarsvar`.
 *
 * Content scripts cannot be ES modules in MV3 manifests (and Firefox's background page loads a plain
 * list of scripts), so every file is a classic script that adds itself to this namespace and, under
 * Node's test runner, also exports itself through `module.exports`.
 */
(function (root) {
  'use strict';
  root.Klarsvar = root.Klarsvar || {};
})(globalThis);
