// Package check is the catalogue of what imgaudit looks for. Each check is a
// small unit with an ID, a default severity, a rationale and a fix, and a
// function over the image config and the layer index. The catalogue is data,
// so a policy can change a check's severity or turn it off without code.
//
// Checks never read layer streams: what they need of file contents they ask
// the walker to keep (WalkOptions) as the layers stream past, and private
// keys are recognised by the first bytes the walker sniffs.
//
// Thresholds, such as how many hidden bytes wasted-space tolerates, and the
// user's size budgets are fields of Options; Run fills in their defaults.
package check
