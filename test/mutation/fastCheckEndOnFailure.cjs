// Mutation runs only (stryker.config.json): a property that fails stops at once instead of
// shrinking, so a killed mutant costs one failing run, not a search for the smallest input (which
// Stryker would count as a time-out).
require('fast-check').configureGlobal({ endOnFailure: true });
