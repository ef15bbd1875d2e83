/** @type {import('prettier').Config} */
// Prettier settings of OCA/oca-addons-repo-template for Odoo 18.0, used by
// the prettier hook of .pre-commit-config.yaml. Prettier 3 loads a plugin
// only when the configuration names it, hence the require.resolve below.

const config = {
  // https://github.com/prettier/prettier/issues/15388#issuecomment-1717746872
  plugins: [require.resolve("@prettier/plugin-xml")],
  bracketSpacing: false,
  printWidth: 88,
  proseWrap: "always",
  semi: true,
  trailingComma: "es5",
  xmlWhitespaceSensitivity: "preserve",
};

module.exports = config;
