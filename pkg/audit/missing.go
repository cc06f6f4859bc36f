package audit

import (
	"errors"
	"fmt"

	"github.com/imgaudit/imgaudit/layers"
)

// refuseMissing fails an audit that could not read a layer the image says
// it ships. A foreign layer lives elsewhere by design and is only noted in
// the result; any other missing blob means the input is broken, and a
// report that left it out would pass images nobody checked.
func refuseMissing(ix *layers.Index) error {
	for i, l := range ix.Layers {
		if l.Missing == nil || errors.Is(l.Missing, layers.ErrForeign) {
			continue
		}
		if l.Digest.Hex == "" {
			return fmt.Errorf("reading layer %d: %w", i, l.Missing)
		}
		return fmt.Errorf("reading layer %d (%s): %w", i, l.Digest, l.Missing)
	}
	return nil
}
