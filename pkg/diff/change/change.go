package change

import "github.com/imgaudit/imgaudit/pkg/result"

// SchemaVersion is the version of the JSON comparison report. It changes
// only when a field is removed or changes meaning; new fields do not change
// it.
const SchemaVersion = 1

// Kinds of change, for layers, files and config entries.
const (
	Shared  = "shared"  // a layer both images have
	Added   = "added"   // only in the new image
	Removed = "removed" // only in the old image
	Grown   = "grown"   // a file that is bigger in the new image
	Shrunk  = "shrunk"  // a file that is smaller in the new image
	// Changed is a file that a different layer wrote again with the same
	// size, or a config entry with a different value.
	Changed = "changed"
)

// Report is everything a comparison of an old and a new image found. Every
// delta is the new image's figure minus the old one's.
type Report struct {
	SchemaVersion int   `json:"schemaVersion"`
	Old           Image `json:"old"`
	New           Image `json:"new"`

	// SizeDelta is the change in file content over all layers, uncompressed.
	SizeDelta int64 `json:"sizeDelta"`
	// CompressedDelta is the change in the bytes a pull transfers.
	CompressedDelta int64 `json:"compressedDelta"`
	// FinalSizeDelta is the change in file content in the final filesystem.
	FinalSizeDelta int64 `json:"finalSizeDelta"`
	// WastedDelta is the change in bytes that later layers delete or
	// overwrite but the image still ships.
	WastedDelta int64 `json:"wastedDelta"`
	// LayerCountDelta is the change in the number of filesystem layers.
	LayerCountDelta int `json:"layerCountDelta"`

	// SharedBase counts the bottom layers both images have, in the same
	// order: 0 when the base changed.
	SharedBase int     `json:"sharedBase"`
	Layers     []Layer `json:"layers"`
	// Dirs are the directories whose content changed most, in tree order:
	// each follows the listed directory that holds it, siblings biggest
	// change first.
	Dirs []Dir `json:"dirs"`
	// Files is every file of the final filesystems that was added, removed,
	// grown, shrunk or changed, biggest change first.
	Files []File `json:"files"`

	// NewFindings are findings of the new image that the old one lacks,
	// FixedFindings those of the old image that the new one lacks; a finding
	// is the same in both when its check and path are.
	NewFindings   []result.Finding `json:"newFindings"`
	FixedFindings []result.Finding `json:"fixedFindings"`
	Config        []Config         `json:"config"`

	// Gate is the outcome of the growth limits; nil when none was set.
	Gate *Gate `json:"gate,omitempty"`
	// Notes are things the comparison could not do, said once each.
	Notes []string `json:"notes,omitempty"`
}

// Image holds the facts of one side of the comparison.
type Image struct {
	Source    string `json:"source"`
	Reference string `json:"reference"`
	Digest    string `json:"digest,omitempty"`
	ImageID   string `json:"imageID"`
	Platform  string `json:"platform"`
	// Size is the bytes of file content in all layers, uncompressed.
	Size int64 `json:"size"`
	// CompressedSize is the sum of the layer blobs.
	CompressedSize int64 `json:"compressedSize"`
	// FinalSize is the bytes of file content in the final filesystem.
	FinalSize   int64 `json:"finalSize"`
	WastedBytes int64 `json:"wastedBytes"`
	LayerCount  int   `json:"layerCount"`
}

// Layer is one layer of either image, matched to the other by diff ID.
type Layer struct {
	DiffID string `json:"diffID"`
	Change string `json:"change"` // shared, added or removed
	// Old and New are the layer's index in each image; nil where it is not.
	Old       *int   `json:"old,omitempty"`
	New       *int   `json:"new,omitempty"`
	CreatedBy string `json:"createdBy"`
	// Size is the file content the layer stores, uncompressed.
	Size int64 `json:"size"`
	// CompressedSize is the size of the layer's blob in the image it is
	// listed for: the new one, unless the layer was removed.
	CompressedSize int64 `json:"compressedSize"`
}

// Dir is the change in the bytes the final filesystem stores under one
// directory.
type Dir struct {
	Path string `json:"path"`
	// Depth counts the listed directories that hold this one.
	Depth int   `json:"depth"`
	Old   int64 `json:"old"`
	New   int64 `json:"new"`
	Delta int64 `json:"delta"`
}

// File is a path of the final filesystem that is not a directory and that
// differs between the images. Sizes are apparent sizes, as ls shows them.
type File struct {
	Path   string `json:"path"`
	Change string `json:"change"` // added, removed, grown, shrunk or changed
	// OldSize and NewSize are the file's size in each image; 0 where the
	// file is absent.
	OldSize int64 `json:"oldSize"`
	NewSize int64 `json:"newSize"`
	Delta   int64 `json:"delta"`
	// Layer is the index of the layer that wrote the file in the new image,
	// or in the old one for a removed file.
	Layer int `json:"layer"`
}

// Config is one difference between the image configs.
type Config struct {
	// Field is user, healthcheck, entrypoint, cmd, env, port or label.
	Field string `json:"field"`
	// Key names the entry for fields that hold several: the variable, port
	// or label.
	Key    string `json:"key,omitempty"`
	Change string `json:"change"` // added, removed or changed
	// Old and New are the values; never set for env, whose values may be
	// secrets.
	Old string `json:"old,omitempty"`
	New string `json:"new,omitempty"`
}

// Gate is what the growth limits made of the size change.
type Gate struct {
	// Limits are the limits as given: "20MB", "5%".
	Limits []string `json:"limits"`
	// Exceeded says, one line each, which limits the growth went past.
	Exceeded []string `json:"exceeded,omitempty"`
}

// Failed reports whether the growth went past a limit.
func (g *Gate) Failed() bool {
	return g != nil && len(g.Exceeded) > 0
}
