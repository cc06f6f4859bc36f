package check

import "github.com/imgaudit/imgaudit/pkg/result"

// Defaults of the thresholds in Options.
const (
	DefaultWastedBytes   = 10 << 20 // 10 MiB
	DefaultWastedPercent = 10.0
	DefaultWastedPaths   = 5
	DefaultDocsBytes     = 10 << 20 // 10 MiB
)

// Options changes how the catalogue runs. The zero value runs every check at
// its default severity with the default thresholds and no budgets.
type Options struct {
	// Disabled lists check IDs not to run.
	Disabled map[string]bool
	// Severity overrides the severity of every finding of a check.
	Severity map[string]result.Severity

	// WastedBytes is how many bytes hidden copies may hold before
	// wasted-space fires. Default DefaultWastedBytes; negative never fires
	// on bytes alone.
	WastedBytes int64
	// WastedPercent is the share of the image's uncompressed size, in
	// percent, that hidden copies may hold before wasted-space fires.
	// Default DefaultWastedPercent; negative never fires on the share alone.
	WastedPercent float64
	// WastedPaths is how many of the biggest wasted paths wasted-space
	// names. Default DefaultWastedPaths.
	WastedPaths int
	// DocsBytes is how many bytes man pages, docs and locales may take
	// before docs-bloat fires. Default DefaultDocsBytes; negative never
	// fires.
	DocsBytes int64

	// Budgets are the user's limits that size-budget enforces.
	Budgets Budgets
}

// Budgets are size limits a user sets, as a policy file does. A zero field
// means no budget.
type Budgets struct {
	// Image bounds the image's uncompressed size: the bytes of file content
	// in all layers.
	Image int64
	// Layer bounds the uncompressed size of any one layer.
	Layer int64
	// Wasted bounds the bytes of copies that later layers hide.
	Wasted int64
	// WastedPercent bounds those bytes as a percentage of the image's
	// uncompressed size.
	WastedPercent float64
}

// withDefaults fills in the documented defaults; it is the one place they
// are set.
func (o Options) withDefaults() Options {
	if o.WastedBytes == 0 {
		o.WastedBytes = DefaultWastedBytes
	}
	if o.WastedPercent == 0 {
		o.WastedPercent = DefaultWastedPercent
	}
	if o.WastedPaths <= 0 {
		o.WastedPaths = DefaultWastedPaths
	}
	if o.DocsBytes == 0 {
		o.DocsBytes = DefaultDocsBytes
	}
	return o
}
