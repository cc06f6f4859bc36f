package result

// SchemaVersion is the version of the JSON report. It changes only when a
// field is removed or changes meaning; new fields do not change it.
const SchemaVersion = 1

// Result is everything one audit found out about one image.
type Result struct {
	SchemaVersion int       `json:"schemaVersion"`
	Image         Image     `json:"image"`
	Layers        []Layer   `json:"layers"`
	Findings      []Finding `json:"findings"`
	// WastedBytes counts the bytes that layers ship but a later layer deleted
	// or overwrote, each hidden copy once.
	WastedBytes int64 `json:"wastedBytes"`
	// Folders are the folders two levels down (/usr/lib, /srv/app) that hold
	// most of the final filesystem's bytes, biggest first.
	Folders []PathSize `json:"folders,omitempty"`
	// Efficiency is the bytes in the final filesystem over the bytes in all
	// layers: 1 when no layer hides anything a lower one wrote.
	Efficiency float64 `json:"efficiency"`
	// Notes are things the audit could not do, such as a layer whose blob is
	// absent, said once each.
	Notes []string `json:"notes,omitempty"`
	// Gate is the verdict of the pre-deploy gate; nil when no gate ran.
	Gate *Gate `json:"gate,omitempty"`
}

// Image holds the facts that every report shows, whatever the findings.
type Image struct {
	Source    string `json:"source"`    // registry, daemon, docker-archive, oci-archive or oci-dir
	Reference string `json:"reference"` // as the user gave it, without the source prefix
	// Digest is the manifest digest, "sha256:…"; empty for a docker save in
	// the legacy format, which stores no manifest.
	Digest string `json:"digest,omitempty"`
	// ImageID is the digest of the image config, as docker images shows it.
	ImageID  string `json:"imageID"`
	Platform string `json:"platform"` // os/arch[/variant]
	Distro   string `json:"distro,omitempty"`
	Libc     string `json:"libc,omitempty"` // glibc or musl, when the filesystem says

	User         string            `json:"user"`
	Entrypoint   []string          `json:"entrypoint,omitempty"`
	Cmd          []string          `json:"cmd,omitempty"`
	Healthcheck  []string          `json:"healthcheck,omitempty"`
	ExposedPorts []string          `json:"exposedPorts,omitempty"`
	Volumes      []string          `json:"volumes,omitempty"`
	Labels       map[string]string `json:"labels,omitempty"`

	// CompressedSize is the bytes a pull transfers: the sum of the layer blobs.
	CompressedSize int64 `json:"compressedSize"`
	// Size is the bytes of file content in all layers, uncompressed.
	Size int64 `json:"size"`
	// FinalSize is the bytes of file content in the final filesystem.
	FinalSize  int64 `json:"finalSize"`
	LayerCount int   `json:"layerCount"`
}

// Layer describes one filesystem layer, in the order the image applies them.
type Layer struct {
	Index     int    `json:"index"` // 0 is the base-most layer
	Digest    string `json:"digest"`
	DiffID    string `json:"diffID"`
	CreatedBy string `json:"createdBy"`
	// Size is the bytes of file content the layer stores, uncompressed.
	Size int64 `json:"size"`
	// CompressedSize is the size of the layer's blob.
	CompressedSize int64 `json:"compressedSize"`
	Files          int   `json:"files"`
	// Top lists the paths that make the layer big, biggest first.
	Top []PathSize `json:"top"`
	// Missing says why the layer's content could not be read, when it could not.
	Missing string `json:"missing,omitempty"`
}

// PathSize is a path and the bytes under it.
type PathSize struct {
	Path string `json:"path"`
	Size int64  `json:"size"`
}

// Finding is one thing a check found.
type Finding struct {
	Check    string   `json:"check"`
	Severity Severity `json:"severity"`
	Message  string   `json:"message"`
	// Path is where in the image the finding applies, absolute as the
	// container sees it.
	Path string `json:"path,omitempty"`
	// Layer is the index of the layer that put Path there; nil when the
	// finding comes from the config.
	Layer     *int   `json:"layer,omitempty"`
	CreatedBy string `json:"createdBy,omitempty"`
	// Bytes is how much the finding weighs, for size-related checks.
	Bytes int64 `json:"bytes,omitempty"`
	// Subject names what a finding without a path is about, where a check
	// can find several such things: an ENV or build-argument name, a
	// package, a port, a budget.
	Subject string `json:"subject,omitempty"`

	// Waiver is the policy entry that waives the finding: it stays in the
	// report but the gate does not count it. Nil when none applies.
	Waiver *Waiver `json:"waiver,omitempty"`
	// Baseline says how the finding compares with a baseline: BaselineNew,
	// BaselineWorse or BaselineKnown; empty when none was given.
	Baseline string `json:"baseline,omitempty"`
	// Blocking is true when the finding fails the gate.
	Blocking bool `json:"blocking,omitempty"`
}
