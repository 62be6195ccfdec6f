// The types and server stubs of this module are generated at build time by
// swift-openapi-generator from openapi.yaml (a link to OpenAPI/ftz.yaml), so the
// contract and the code cannot drift. Nothing is written by hand here.
