// Package policy reads the policy file, .imgaudit.yaml, and applies it to a
// result: severity overrides and disabled checks for the catalogue, budgets
// for the size-budget check, waivers that take findings out of the gate, and
// baselines that let the gate fail only on what is new or got worse.
//
// The package decides and annotates; it never renders. README.md beside this
// file documents the file's schema.
package policy
