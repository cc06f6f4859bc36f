package diff

import "github.com/imgaudit/imgaudit/pkg/result"

// findings returns the findings of the new image that the old one lacks and
// those of the old image that the new one lacks. A finding matches one of
// the same identity (check and path, or check and subject); where several
// share one, findings with the same message pair first.
func findings(before, after []result.Finding) (added, fixed []result.Finding) {
	unpaired := map[string][]result.Finding{}
	for _, f := range before {
		k := f.Identity()
		unpaired[k] = append(unpaired[k], f)
	}

	var rest []result.Finding
	for _, f := range after {
		k := f.Identity()
		if i := indexMessage(unpaired[k], f.Message); i >= 0 {
			unpaired[k] = remove(unpaired[k], i)
			continue
		}
		rest = append(rest, f)
	}
	for _, f := range rest {
		k := f.Identity()
		if len(unpaired[k]) > 0 {
			unpaired[k] = unpaired[k][1:]
			continue
		}
		added = append(added, f)
	}

	// Keep the old image's order, which is the catalogue's.
	for _, f := range before {
		k := f.Identity()
		if i := indexMessage(unpaired[k], f.Message); i >= 0 {
			unpaired[k] = remove(unpaired[k], i)
			fixed = append(fixed, f)
		}
	}
	return added, fixed
}

func indexMessage(fs []result.Finding, msg string) int {
	for i, f := range fs {
		if f.Message == msg {
			return i
		}
	}
	return -1
}

func remove(fs []result.Finding, i int) []result.Finding {
	return append(fs[:i:i], fs[i+1:]...)
}
