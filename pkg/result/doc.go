// Package result holds the plain structs an audit produces: the facts about an
// image, its layers and the findings of the checks. Renderers in report/ read
// only these types, and every field carries the JSON name the schema documents.
package result
