// The plugin contract: see docs/plugin-contract.md.
