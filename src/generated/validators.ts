/* Generated from schemas/*.schema.json by scripts/generate.mjs (ajv standalone). Do not edit: run `npm run generate`. */
// @ts-nocheck
/* eslint-disable */
import runtime0Import from 'ajv/dist/runtime/ucs2length.js';
const runtime0 = typeof runtime0Import === 'function' ? { default: runtime0Import } : runtime0Import;

export const validateConfig = validate10;
const schema11 = {"$schema":"http://json-schema.org/draft-07/schema#","$id":"https://kustodian.dev/schemas/config.schema.json","title":"Config","description":"kustodian configuration: the kustodian.yaml file in an app directory, the KRM functionConfig, and (through x-kustodian-parameter) the ArgoCD plugin parameters and KUSTODIAN_* env vars.","type":"object","additionalProperties":false,"required":["apiVersion","kind"],"properties":{"apiVersion":{"const":"kustodian.dev/v1alpha1"},"kind":{"const":"Config"},"metadata":{"description":"Ignored; allowed so that the file can double as a KRM functionConfig.","type":"object","additionalProperties":true},"kustomize":{"description":"How kustomize is run.","type":"object","additionalProperties":false,"properties":{"enableHelm":{"description":"Pass --enable-helm to kustomize.","type":"boolean","default":false,"x-kustodian-parameter":"enable-helm"},"loadRestrictor":{"description":"Pass --load-restrictor to kustomize: root (LoadRestrictionsRootOnly) or none (LoadRestrictionsNone).","type":"string","enum":["root","none"],"x-kustodian-parameter":"load-restrictor"}}},"podTemplates":{"description":"Extra kinds (usually CRDs) that carry a PodSpec, with the dotted path to it.","type":"array","items":{"type":"object","additionalProperties":false,"required":["kind","path"],"properties":{"apiVersion":{"description":"group/version; any when omitted.","type":"string"},"kind":{"description":"The kind that carries the PodSpec.","type":"string","minLength":1},"path":{"description":"Dotted path to the PodSpec, e.g. spec.jobTargetRef.template.spec.","type":"string","pattern":"^[A-Za-z0-9_-]+(\\.[A-Za-z0-9_-]+)*$"}}}},"checks":{"description":"Switches for the validator steps.","type":"object","additionalProperties":false,"properties":{"secretRefs":{"description":"Check that referenced Secrets and their keys exist.","type":"string","enum":["on","off"],"default":"on","x-kustodian-parameter":"secret-refs"},"configMapRefs":{"description":"Check that referenced ConfigMaps and their keys exist.","type":"string","enum":["on","off"],"default":"on","x-kustodian-parameter":"configmap-refs"},"sops":{"description":"Refuse resources that still carry a SOPS \"sops:\" block (ciphertext ArgoCD would apply).","type":"string","enum":["on","off"],"default":"on","x-kustodian-parameter":"sops"},"missingObjects":{"description":"Severity of a reference to an object that nothing in the render provides.","type":"string","enum":["error","warning"],"default":"error","x-kustodian-parameter":"missing-objects"},"possibleRuntimeObjects":{"description":"Severity of a reference to an object that nothing in the render defines, when a workload in its namespace may create it (its ServiceAccount is bound to a Role allowing create) but nothing names the object.","type":"string","enum":["warning","error"],"default":"warning","x-kustodian-parameter":"possible-runtime-objects"},"api":{"description":"Check the render against the destination's Kubernetes API: removed, deprecated and unserved apiVersions, schemas (built-in kinds and CRDs in the render), and the API server's own validation rules.","type":"string","enum":["on","off"],"default":"on","x-kustodian-parameter":"api"},"unknownFields":{"description":"Severity of a field the kind's schema does not have. Argo CD's sync applies with Strict field validation by default (gitops-engine), so an unknown field fails the sync: error. warning reports it without failing; off stops reporting it.","type":"string","enum":["error","warning","off"],"default":"error","x-kustodian-parameter":"unknown-fields"}}},"kubernetes":{"description":"The destination cluster the api step checks against. --kube-version and --api-versions override these, and so do KUBE_VERSION and KUBE_API_VERSIONS, which Argo CD sets for a plugin from the destination cluster.","type":"object","additionalProperties":false,"properties":{"version":{"description":"Kubernetes version, e.g. \"1.31\" or \"1.30.2\" (quote it: 1.30 unquoted is the number 1.3). Without one, the newest bundled schemas are used.","type":"string","pattern":"^v?[0-9]+\\.[0-9]+(\\.[0-9]+)?([-+][0-9A-Za-z.+-]*)?$"},"apiVersions":{"description":"The APIs the destination serves, as Argo CD's KUBE_API_VERSIONS lists them: group/version (apps/v1, v1) and group/version/Kind (apps/v1/Deployment, v1/Pod). When set, an apiVersion/kind the list lacks and no CRD in the render defines is an error.","type":"array","items":{"type":"string","pattern":"^([a-z0-9]([-a-z0-9.]*[a-z0-9])?/)?v[0-9]+[a-z0-9]*(/[A-Za-z][A-Za-z0-9]*)?$"}}}},"external":{"description":"Secrets and ConfigMaps created outside the render: by hand, Vault, an operator. name and namespace may be globs (* and ?); no namespace means any namespace; no keys means any key.","type":"array","items":{"type":"object","additionalProperties":false,"required":["kind","name"],"properties":{"kind":{"description":"The kind of object declared.","type":"string","enum":["Secret","ConfigMap"]},"name":{"description":"The object's name, or a glob over names (* and ?).","type":"string","minLength":1},"namespace":{"description":"The namespace, or a glob; any namespace when omitted.","type":"string","minLength":1},"keys":{"description":"The keys the object has; any key when omitted.","type":"array","items":{"type":"string"}}}}},"secrets":{"description":"Where referenced Secrets and ConfigMaps come from when no manifest in the render provides them.","type":"object","additionalProperties":false,"properties":{"external":{"description":"Deprecated: use the top-level external list (with kind). Secrets (and, with kind: ConfigMap, ConfigMaps) created outside the render: by hand, Vault, an operator. name and namespace may be globs (* and ?); no namespace means any namespace; no keys means any key.","type":"array","items":{"type":"object","additionalProperties":false,"required":["name"],"properties":{"name":{"description":"The object's name, or a glob over names (* and ?).","type":"string","minLength":1},"namespace":{"description":"The namespace, or a glob; any namespace when omitted.","type":"string","minLength":1},"keys":{"description":"The keys the object has; any key when omitted.","type":"array","items":{"type":"string"}},"kind":{"description":"Which kind of object this declares.","type":"string","enum":["Secret","ConfigMap"],"default":"Secret"}}},"deprecated":true}}},"pgdata":{"description":"The PGDATA step for official-family Postgres images.","type":"object","additionalProperties":false,"properties":{"enabled":{"type":"boolean","default":true,"x-kustodian-parameter":"pgdata","description":"Inject PGDATA into official-family Postgres containers whose volume is mounted on the data directory."},"guard":{"description":"Add an init container that refuses to start when a database sits at the volume root.","type":"boolean","default":true,"x-kustodian-parameter":"pgdata-guard"},"images":{"description":"Extra image name patterns (globs over the repository path) to treat as official-family Postgres.","type":"array","items":{"type":"string","minLength":1}}}},"images":{"description":"Digest pinning and platform verification.","type":"object","additionalProperties":false,"properties":{"pin":{"description":"How images are pinned to digests: resolve (the lock file, else the registry), locked (the lock file only), off (no pinning, no platform check).","type":"string","enum":["resolve","locked","off"],"default":"resolve","x-kustodian-parameter":"pin"},"offline":{"description":"Ask no registry and read no cache: image facts come only from the lock file and from digests written in the manifests. An image the lock has no entry for (a tag, or a digest the lock records no facts for) is then IMAGE_NOT_LOCKED. For air-gapped sidecars and sidecars without registry credentials. `kustodian pin` ignores it.","type":"boolean","default":false,"x-kustodian-parameter":"offline"},"platforms":{"description":"Platforms every image must support, as os/arch[/variant]. At least one: an empty list would switch the check off unnoticed.","type":"array","minItems":1,"items":{"type":"string","pattern":"^[a-z0-9]+/[a-z0-9_]+(/[a-z0-9]+)?$"},"default":["linux/amd64"],"x-kustodian-parameter":"platforms"},"paths":{"description":"Extra image fields to pin, besides containers, init and ephemeral containers and Pod image volumes. `kind` (and optionally `apiVersion`) selects resources; `path` is dotted from the resource root, with `[]` after a key to visit every item of that array, e.g. `spec.components[].image` or `spec.image`. Each field found must hold an image reference string.","type":"array","items":{"type":"object","additionalProperties":false,"required":["kind","path"],"properties":{"apiVersion":{"description":"group/version; any when omitted.","type":"string"},"kind":{"description":"The kind that carries the image field.","type":"string","minLength":1},"path":{"description":"Dotted path to the image string.","type":"string","minLength":1}}}},"insecureRegistries":{"description":"Registry hosts (host[:port]) that may be reached over plain HTTP besides loopback.","type":"array","items":{"type":"string","minLength":1}},"concurrency":{"description":"Concurrent requests per registry.","type":"integer","minimum":1,"maximum":64,"default":8},"requestTimeoutSeconds":{"description":"Timeout for one registry request.","type":"number","exclusiveMinimum":0,"default":10},"budgetSeconds":{"description":"Time budget for all registry work in one run.","type":"number","exclusiveMinimum":0,"default":45},"retryBaseSeconds":{"description":"First pause before retrying a registry request that failed with 429, 5xx, a timeout or a network error; doubled for each of the 3 retries, with ±10 % jitter. A Retry-After header takes precedence.","type":"number","minimum":0,"maximum":60,"default":0.5},"tagTTLSeconds":{"description":"How long a cached tag→digest answer stays fresh.","type":"number","minimum":0,"default":300}}},"flyway":{"description":"The flyway-versions step: duplicate and misnamed Flyway migrations in these directories and in ConfigMaps of the render. The naming keys mirror Flyway's own settings of the same name; set them only when the app changes them.","type":"object","additionalProperties":false,"properties":{"locations":{"description":"Migration directories, relative to kustodian.yaml, inside the repository (a leading filesystem: is accepted), scanned recursively like Flyway's filesystem locations. The directories listed directly form one location set, as Flyway's own locations do: a version may appear only once across them. A nested list is a set of its own, for an overlay that deploys several apps with separate migrations.","type":"array","items":{"anyOf":[{"type":"string","minLength":1},{"type":"array","minItems":1,"items":{"type":"string","minLength":1}}]}},"sqlMigrationPrefix":{"description":"Prefix of versioned migrations (Flyway sqlMigrationPrefix).","type":"string","minLength":1,"default":"V"},"undoSqlMigrationPrefix":{"description":"Prefix of undo migrations (Flyway Teams undoSqlMigrationPrefix); an undo may share its version with a versioned migration.","type":"string","minLength":1,"default":"U"},"baselineMigrationPrefix":{"description":"Prefix of baseline migrations (Flyway baselineMigrationPrefix).","type":"string","minLength":1,"default":"B"},"repeatableSqlMigrationPrefix":{"description":"Prefix of repeatable migrations (Flyway repeatableSqlMigrationPrefix).","type":"string","minLength":1,"default":"R"},"sqlMigrationSeparator":{"description":"Separator between version and description (Flyway sqlMigrationSeparator).","type":"string","minLength":1,"default":"__"},"sqlMigrationSuffixes":{"description":"File suffixes of SQL migrations, matched case-insensitively (Flyway sqlMigrationSuffixes).","type":"array","minItems":1,"items":{"type":"string","minLength":1},"default":[".sql"]}}},"cache":{"description":"Caches shared between kustodian processes beyond the local disk cache.","type":"object","additionalProperties":false,"properties":{"redis":{"description":"A resolution cache (tag→digest answers, manifest and image-config facts) in Redis, shared by every replica that points at the same server, e.g. Argo CD's own Redis. Used only when `url` or the env KUSTODIAN_REDIS_URL names a server; the password comes only from the env KUSTODIAN_REDIS_PASSWORD. Redis is only a cache: when it is down, slow or refuses the password, the run goes on from the disk cache and the registry, with one warning.","type":"object","additionalProperties":false,"properties":{"url":{"description":"redis://host:port[/db], rediss://host:port[/db] for TLS, or host:port. KUSTODIAN_REDIS_URL takes precedence. Must not contain a password.","type":"string","minLength":1,"pattern":"^(?!.*://[^/@]*:[^/@]*@)"},"keyPrefix":{"description":"Prefix of every key kustodian writes, followed by a format version (kustodian:v1:tag:…).","type":"string","pattern":"^[A-Za-z0-9._:-]{1,64}$","default":"kustodian"},"timeoutMilliseconds":{"description":"Timeout for connecting and for each command; past it Redis is skipped for the rest of the run.","type":"integer","minimum":10,"maximum":10000,"default":300}}}}}}};
const func2 = Object.prototype.hasOwnProperty;
const func3 = runtime0.default;
const pattern0 = new RegExp("^[A-Za-z0-9_-]+(\\.[A-Za-z0-9_-]+)*$", "u");
const pattern1 = new RegExp("^v?[0-9]+\\.[0-9]+(\\.[0-9]+)?([-+][0-9A-Za-z.+-]*)?$", "u");
const pattern2 = new RegExp("^([a-z0-9]([-a-z0-9.]*[a-z0-9])?/)?v[0-9]+[a-z0-9]*(/[A-Za-z][A-Za-z0-9]*)?$", "u");
const pattern3 = new RegExp("^[a-z0-9]+/[a-z0-9_]+(/[a-z0-9]+)?$", "u");
const pattern4 = new RegExp("^(?!.*://[^/@]*:[^/@]*@)", "u");
const pattern5 = new RegExp("^[A-Za-z0-9._:-]{1,64}$", "u");

function validate10(data, {instancePath="", parentData, parentDataProperty, rootData=data}={}){
/*# sourceURL="https://kustodian.dev/schemas/config.schema.json" */;
let vErrors = null;
let errors = 0;
if(data && typeof data == "object" && !Array.isArray(data)){
if(data.apiVersion === undefined){
const err0 = {instancePath,schemaPath:"#/required",keyword:"required",params:{missingProperty: "apiVersion"},message:"must have required property '"+"apiVersion"+"'"};
if(vErrors === null){
vErrors = [err0];
}
else {
vErrors.push(err0);
}
errors++;
}
if(data.kind === undefined){
const err1 = {instancePath,schemaPath:"#/required",keyword:"required",params:{missingProperty: "kind"},message:"must have required property '"+"kind"+"'"};
if(vErrors === null){
vErrors = [err1];
}
else {
vErrors.push(err1);
}
errors++;
}
for(const key0 in data){
if(!(func2.call(schema11.properties, key0))){
const err2 = {instancePath,schemaPath:"#/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key0},message:"must NOT have additional properties"};
if(vErrors === null){
vErrors = [err2];
}
else {
vErrors.push(err2);
}
errors++;
}
}
if(data.apiVersion !== undefined){
if("kustodian.dev/v1alpha1" !== data.apiVersion){
const err3 = {instancePath:instancePath+"/apiVersion",schemaPath:"#/properties/apiVersion/const",keyword:"const",params:{allowedValue: "kustodian.dev/v1alpha1"},message:"must be equal to constant"};
if(vErrors === null){
vErrors = [err3];
}
else {
vErrors.push(err3);
}
errors++;
}
}
if(data.kind !== undefined){
if("Config" !== data.kind){
const err4 = {instancePath:instancePath+"/kind",schemaPath:"#/properties/kind/const",keyword:"const",params:{allowedValue: "Config"},message:"must be equal to constant"};
if(vErrors === null){
vErrors = [err4];
}
else {
vErrors.push(err4);
}
errors++;
}
}
if(data.metadata !== undefined){
let data2 = data.metadata;
if(data2 && typeof data2 == "object" && !Array.isArray(data2)){
}
else {
const err5 = {instancePath:instancePath+"/metadata",schemaPath:"#/properties/metadata/type",keyword:"type",params:{type: "object"},message:"must be object"};
if(vErrors === null){
vErrors = [err5];
}
else {
vErrors.push(err5);
}
errors++;
}
}
if(data.kustomize !== undefined){
let data3 = data.kustomize;
if(data3 && typeof data3 == "object" && !Array.isArray(data3)){
for(const key1 in data3){
if(!((key1 === "enableHelm") || (key1 === "loadRestrictor"))){
const err6 = {instancePath:instancePath+"/kustomize",schemaPath:"#/properties/kustomize/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key1},message:"must NOT have additional properties"};
if(vErrors === null){
vErrors = [err6];
}
else {
vErrors.push(err6);
}
errors++;
}
}
if(data3.enableHelm !== undefined){
if(typeof data3.enableHelm !== "boolean"){
const err7 = {instancePath:instancePath+"/kustomize/enableHelm",schemaPath:"#/properties/kustomize/properties/enableHelm/type",keyword:"type",params:{type: "boolean"},message:"must be boolean"};
if(vErrors === null){
vErrors = [err7];
}
else {
vErrors.push(err7);
}
errors++;
}
}
if(data3.loadRestrictor !== undefined){
let data5 = data3.loadRestrictor;
if(typeof data5 !== "string"){
const err8 = {instancePath:instancePath+"/kustomize/loadRestrictor",schemaPath:"#/properties/kustomize/properties/loadRestrictor/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err8];
}
else {
vErrors.push(err8);
}
errors++;
}
if(!((data5 === "root") || (data5 === "none"))){
const err9 = {instancePath:instancePath+"/kustomize/loadRestrictor",schemaPath:"#/properties/kustomize/properties/loadRestrictor/enum",keyword:"enum",params:{allowedValues: schema11.properties.kustomize.properties.loadRestrictor.enum},message:"must be equal to one of the allowed values"};
if(vErrors === null){
vErrors = [err9];
}
else {
vErrors.push(err9);
}
errors++;
}
}
}
else {
const err10 = {instancePath:instancePath+"/kustomize",schemaPath:"#/properties/kustomize/type",keyword:"type",params:{type: "object"},message:"must be object"};
if(vErrors === null){
vErrors = [err10];
}
else {
vErrors.push(err10);
}
errors++;
}
}
if(data.podTemplates !== undefined){
let data6 = data.podTemplates;
if(Array.isArray(data6)){
const len0 = data6.length;
for(let i0=0; i0<len0; i0++){
let data7 = data6[i0];
if(data7 && typeof data7 == "object" && !Array.isArray(data7)){
if(data7.kind === undefined){
const err11 = {instancePath:instancePath+"/podTemplates/" + i0,schemaPath:"#/properties/podTemplates/items/required",keyword:"required",params:{missingProperty: "kind"},message:"must have required property '"+"kind"+"'"};
if(vErrors === null){
vErrors = [err11];
}
else {
vErrors.push(err11);
}
errors++;
}
if(data7.path === undefined){
const err12 = {instancePath:instancePath+"/podTemplates/" + i0,schemaPath:"#/properties/podTemplates/items/required",keyword:"required",params:{missingProperty: "path"},message:"must have required property '"+"path"+"'"};
if(vErrors === null){
vErrors = [err12];
}
else {
vErrors.push(err12);
}
errors++;
}
for(const key2 in data7){
if(!(((key2 === "apiVersion") || (key2 === "kind")) || (key2 === "path"))){
const err13 = {instancePath:instancePath+"/podTemplates/" + i0,schemaPath:"#/properties/podTemplates/items/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key2},message:"must NOT have additional properties"};
if(vErrors === null){
vErrors = [err13];
}
else {
vErrors.push(err13);
}
errors++;
}
}
if(data7.apiVersion !== undefined){
if(typeof data7.apiVersion !== "string"){
const err14 = {instancePath:instancePath+"/podTemplates/" + i0+"/apiVersion",schemaPath:"#/properties/podTemplates/items/properties/apiVersion/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err14];
}
else {
vErrors.push(err14);
}
errors++;
}
}
if(data7.kind !== undefined){
let data9 = data7.kind;
if(typeof data9 === "string"){
if(func3(data9) < 1){
const err15 = {instancePath:instancePath+"/podTemplates/" + i0+"/kind",schemaPath:"#/properties/podTemplates/items/properties/kind/minLength",keyword:"minLength",params:{limit: 1},message:"must NOT have fewer than 1 characters"};
if(vErrors === null){
vErrors = [err15];
}
else {
vErrors.push(err15);
}
errors++;
}
}
else {
const err16 = {instancePath:instancePath+"/podTemplates/" + i0+"/kind",schemaPath:"#/properties/podTemplates/items/properties/kind/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err16];
}
else {
vErrors.push(err16);
}
errors++;
}
}
if(data7.path !== undefined){
let data10 = data7.path;
if(typeof data10 === "string"){
if(!pattern0.test(data10)){
const err17 = {instancePath:instancePath+"/podTemplates/" + i0+"/path",schemaPath:"#/properties/podTemplates/items/properties/path/pattern",keyword:"pattern",params:{pattern: "^[A-Za-z0-9_-]+(\\.[A-Za-z0-9_-]+)*$"},message:"must match pattern \""+"^[A-Za-z0-9_-]+(\\.[A-Za-z0-9_-]+)*$"+"\""};
if(vErrors === null){
vErrors = [err17];
}
else {
vErrors.push(err17);
}
errors++;
}
}
else {
const err18 = {instancePath:instancePath+"/podTemplates/" + i0+"/path",schemaPath:"#/properties/podTemplates/items/properties/path/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err18];
}
else {
vErrors.push(err18);
}
errors++;
}
}
}
else {
const err19 = {instancePath:instancePath+"/podTemplates/" + i0,schemaPath:"#/properties/podTemplates/items/type",keyword:"type",params:{type: "object"},message:"must be object"};
if(vErrors === null){
vErrors = [err19];
}
else {
vErrors.push(err19);
}
errors++;
}
}
}
else {
const err20 = {instancePath:instancePath+"/podTemplates",schemaPath:"#/properties/podTemplates/type",keyword:"type",params:{type: "array"},message:"must be array"};
if(vErrors === null){
vErrors = [err20];
}
else {
vErrors.push(err20);
}
errors++;
}
}
if(data.checks !== undefined){
let data11 = data.checks;
if(data11 && typeof data11 == "object" && !Array.isArray(data11)){
for(const key3 in data11){
if(!(((((((key3 === "secretRefs") || (key3 === "configMapRefs")) || (key3 === "sops")) || (key3 === "missingObjects")) || (key3 === "possibleRuntimeObjects")) || (key3 === "api")) || (key3 === "unknownFields"))){
const err21 = {instancePath:instancePath+"/checks",schemaPath:"#/properties/checks/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key3},message:"must NOT have additional properties"};
if(vErrors === null){
vErrors = [err21];
}
else {
vErrors.push(err21);
}
errors++;
}
}
if(data11.secretRefs !== undefined){
let data12 = data11.secretRefs;
if(typeof data12 !== "string"){
const err22 = {instancePath:instancePath+"/checks/secretRefs",schemaPath:"#/properties/checks/properties/secretRefs/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err22];
}
else {
vErrors.push(err22);
}
errors++;
}
if(!((data12 === "on") || (data12 === "off"))){
const err23 = {instancePath:instancePath+"/checks/secretRefs",schemaPath:"#/properties/checks/properties/secretRefs/enum",keyword:"enum",params:{allowedValues: schema11.properties.checks.properties.secretRefs.enum},message:"must be equal to one of the allowed values"};
if(vErrors === null){
vErrors = [err23];
}
else {
vErrors.push(err23);
}
errors++;
}
}
if(data11.configMapRefs !== undefined){
let data13 = data11.configMapRefs;
if(typeof data13 !== "string"){
const err24 = {instancePath:instancePath+"/checks/configMapRefs",schemaPath:"#/properties/checks/properties/configMapRefs/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err24];
}
else {
vErrors.push(err24);
}
errors++;
}
if(!((data13 === "on") || (data13 === "off"))){
const err25 = {instancePath:instancePath+"/checks/configMapRefs",schemaPath:"#/properties/checks/properties/configMapRefs/enum",keyword:"enum",params:{allowedValues: schema11.properties.checks.properties.configMapRefs.enum},message:"must be equal to one of the allowed values"};
if(vErrors === null){
vErrors = [err25];
}
else {
vErrors.push(err25);
}
errors++;
}
}
if(data11.sops !== undefined){
let data14 = data11.sops;
if(typeof data14 !== "string"){
const err26 = {instancePath:instancePath+"/checks/sops",schemaPath:"#/properties/checks/properties/sops/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err26];
}
else {
vErrors.push(err26);
}
errors++;
}
if(!((data14 === "on") || (data14 === "off"))){
const err27 = {instancePath:instancePath+"/checks/sops",schemaPath:"#/properties/checks/properties/sops/enum",keyword:"enum",params:{allowedValues: schema11.properties.checks.properties.sops.enum},message:"must be equal to one of the allowed values"};
if(vErrors === null){
vErrors = [err27];
}
else {
vErrors.push(err27);
}
errors++;
}
}
if(data11.missingObjects !== undefined){
let data15 = data11.missingObjects;
if(typeof data15 !== "string"){
const err28 = {instancePath:instancePath+"/checks/missingObjects",schemaPath:"#/properties/checks/properties/missingObjects/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err28];
}
else {
vErrors.push(err28);
}
errors++;
}
if(!((data15 === "error") || (data15 === "warning"))){
const err29 = {instancePath:instancePath+"/checks/missingObjects",schemaPath:"#/properties/checks/properties/missingObjects/enum",keyword:"enum",params:{allowedValues: schema11.properties.checks.properties.missingObjects.enum},message:"must be equal to one of the allowed values"};
if(vErrors === null){
vErrors = [err29];
}
else {
vErrors.push(err29);
}
errors++;
}
}
if(data11.possibleRuntimeObjects !== undefined){
let data16 = data11.possibleRuntimeObjects;
if(typeof data16 !== "string"){
const err30 = {instancePath:instancePath+"/checks/possibleRuntimeObjects",schemaPath:"#/properties/checks/properties/possibleRuntimeObjects/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err30];
}
else {
vErrors.push(err30);
}
errors++;
}
if(!((data16 === "warning") || (data16 === "error"))){
const err31 = {instancePath:instancePath+"/checks/possibleRuntimeObjects",schemaPath:"#/properties/checks/properties/possibleRuntimeObjects/enum",keyword:"enum",params:{allowedValues: schema11.properties.checks.properties.possibleRuntimeObjects.enum},message:"must be equal to one of the allowed values"};
if(vErrors === null){
vErrors = [err31];
}
else {
vErrors.push(err31);
}
errors++;
}
}
if(data11.api !== undefined){
let data17 = data11.api;
if(typeof data17 !== "string"){
const err32 = {instancePath:instancePath+"/checks/api",schemaPath:"#/properties/checks/properties/api/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err32];
}
else {
vErrors.push(err32);
}
errors++;
}
if(!((data17 === "on") || (data17 === "off"))){
const err33 = {instancePath:instancePath+"/checks/api",schemaPath:"#/properties/checks/properties/api/enum",keyword:"enum",params:{allowedValues: schema11.properties.checks.properties.api.enum},message:"must be equal to one of the allowed values"};
if(vErrors === null){
vErrors = [err33];
}
else {
vErrors.push(err33);
}
errors++;
}
}
if(data11.unknownFields !== undefined){
let data18 = data11.unknownFields;
if(typeof data18 !== "string"){
const err34 = {instancePath:instancePath+"/checks/unknownFields",schemaPath:"#/properties/checks/properties/unknownFields/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err34];
}
else {
vErrors.push(err34);
}
errors++;
}
if(!(((data18 === "error") || (data18 === "warning")) || (data18 === "off"))){
const err35 = {instancePath:instancePath+"/checks/unknownFields",schemaPath:"#/properties/checks/properties/unknownFields/enum",keyword:"enum",params:{allowedValues: schema11.properties.checks.properties.unknownFields.enum},message:"must be equal to one of the allowed values"};
if(vErrors === null){
vErrors = [err35];
}
else {
vErrors.push(err35);
}
errors++;
}
}
}
else {
const err36 = {instancePath:instancePath+"/checks",schemaPath:"#/properties/checks/type",keyword:"type",params:{type: "object"},message:"must be object"};
if(vErrors === null){
vErrors = [err36];
}
else {
vErrors.push(err36);
}
errors++;
}
}
if(data.kubernetes !== undefined){
let data19 = data.kubernetes;
if(data19 && typeof data19 == "object" && !Array.isArray(data19)){
for(const key4 in data19){
if(!((key4 === "version") || (key4 === "apiVersions"))){
const err37 = {instancePath:instancePath+"/kubernetes",schemaPath:"#/properties/kubernetes/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key4},message:"must NOT have additional properties"};
if(vErrors === null){
vErrors = [err37];
}
else {
vErrors.push(err37);
}
errors++;
}
}
if(data19.version !== undefined){
let data20 = data19.version;
if(typeof data20 === "string"){
if(!pattern1.test(data20)){
const err38 = {instancePath:instancePath+"/kubernetes/version",schemaPath:"#/properties/kubernetes/properties/version/pattern",keyword:"pattern",params:{pattern: "^v?[0-9]+\\.[0-9]+(\\.[0-9]+)?([-+][0-9A-Za-z.+-]*)?$"},message:"must match pattern \""+"^v?[0-9]+\\.[0-9]+(\\.[0-9]+)?([-+][0-9A-Za-z.+-]*)?$"+"\""};
if(vErrors === null){
vErrors = [err38];
}
else {
vErrors.push(err38);
}
errors++;
}
}
else {
const err39 = {instancePath:instancePath+"/kubernetes/version",schemaPath:"#/properties/kubernetes/properties/version/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err39];
}
else {
vErrors.push(err39);
}
errors++;
}
}
if(data19.apiVersions !== undefined){
let data21 = data19.apiVersions;
if(Array.isArray(data21)){
const len1 = data21.length;
for(let i1=0; i1<len1; i1++){
let data22 = data21[i1];
if(typeof data22 === "string"){
if(!pattern2.test(data22)){
const err40 = {instancePath:instancePath+"/kubernetes/apiVersions/" + i1,schemaPath:"#/properties/kubernetes/properties/apiVersions/items/pattern",keyword:"pattern",params:{pattern: "^([a-z0-9]([-a-z0-9.]*[a-z0-9])?/)?v[0-9]+[a-z0-9]*(/[A-Za-z][A-Za-z0-9]*)?$"},message:"must match pattern \""+"^([a-z0-9]([-a-z0-9.]*[a-z0-9])?/)?v[0-9]+[a-z0-9]*(/[A-Za-z][A-Za-z0-9]*)?$"+"\""};
if(vErrors === null){
vErrors = [err40];
}
else {
vErrors.push(err40);
}
errors++;
}
}
else {
const err41 = {instancePath:instancePath+"/kubernetes/apiVersions/" + i1,schemaPath:"#/properties/kubernetes/properties/apiVersions/items/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err41];
}
else {
vErrors.push(err41);
}
errors++;
}
}
}
else {
const err42 = {instancePath:instancePath+"/kubernetes/apiVersions",schemaPath:"#/properties/kubernetes/properties/apiVersions/type",keyword:"type",params:{type: "array"},message:"must be array"};
if(vErrors === null){
vErrors = [err42];
}
else {
vErrors.push(err42);
}
errors++;
}
}
}
else {
const err43 = {instancePath:instancePath+"/kubernetes",schemaPath:"#/properties/kubernetes/type",keyword:"type",params:{type: "object"},message:"must be object"};
if(vErrors === null){
vErrors = [err43];
}
else {
vErrors.push(err43);
}
errors++;
}
}
if(data.external !== undefined){
let data23 = data.external;
if(Array.isArray(data23)){
const len2 = data23.length;
for(let i2=0; i2<len2; i2++){
let data24 = data23[i2];
if(data24 && typeof data24 == "object" && !Array.isArray(data24)){
if(data24.kind === undefined){
const err44 = {instancePath:instancePath+"/external/" + i2,schemaPath:"#/properties/external/items/required",keyword:"required",params:{missingProperty: "kind"},message:"must have required property '"+"kind"+"'"};
if(vErrors === null){
vErrors = [err44];
}
else {
vErrors.push(err44);
}
errors++;
}
if(data24.name === undefined){
const err45 = {instancePath:instancePath+"/external/" + i2,schemaPath:"#/properties/external/items/required",keyword:"required",params:{missingProperty: "name"},message:"must have required property '"+"name"+"'"};
if(vErrors === null){
vErrors = [err45];
}
else {
vErrors.push(err45);
}
errors++;
}
for(const key5 in data24){
if(!((((key5 === "kind") || (key5 === "name")) || (key5 === "namespace")) || (key5 === "keys"))){
const err46 = {instancePath:instancePath+"/external/" + i2,schemaPath:"#/properties/external/items/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key5},message:"must NOT have additional properties"};
if(vErrors === null){
vErrors = [err46];
}
else {
vErrors.push(err46);
}
errors++;
}
}
if(data24.kind !== undefined){
let data25 = data24.kind;
if(typeof data25 !== "string"){
const err47 = {instancePath:instancePath+"/external/" + i2+"/kind",schemaPath:"#/properties/external/items/properties/kind/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err47];
}
else {
vErrors.push(err47);
}
errors++;
}
if(!((data25 === "Secret") || (data25 === "ConfigMap"))){
const err48 = {instancePath:instancePath+"/external/" + i2+"/kind",schemaPath:"#/properties/external/items/properties/kind/enum",keyword:"enum",params:{allowedValues: schema11.properties.external.items.properties.kind.enum},message:"must be equal to one of the allowed values"};
if(vErrors === null){
vErrors = [err48];
}
else {
vErrors.push(err48);
}
errors++;
}
}
if(data24.name !== undefined){
let data26 = data24.name;
if(typeof data26 === "string"){
if(func3(data26) < 1){
const err49 = {instancePath:instancePath+"/external/" + i2+"/name",schemaPath:"#/properties/external/items/properties/name/minLength",keyword:"minLength",params:{limit: 1},message:"must NOT have fewer than 1 characters"};
if(vErrors === null){
vErrors = [err49];
}
else {
vErrors.push(err49);
}
errors++;
}
}
else {
const err50 = {instancePath:instancePath+"/external/" + i2+"/name",schemaPath:"#/properties/external/items/properties/name/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err50];
}
else {
vErrors.push(err50);
}
errors++;
}
}
if(data24.namespace !== undefined){
let data27 = data24.namespace;
if(typeof data27 === "string"){
if(func3(data27) < 1){
const err51 = {instancePath:instancePath+"/external/" + i2+"/namespace",schemaPath:"#/properties/external/items/properties/namespace/minLength",keyword:"minLength",params:{limit: 1},message:"must NOT have fewer than 1 characters"};
if(vErrors === null){
vErrors = [err51];
}
else {
vErrors.push(err51);
}
errors++;
}
}
else {
const err52 = {instancePath:instancePath+"/external/" + i2+"/namespace",schemaPath:"#/properties/external/items/properties/namespace/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err52];
}
else {
vErrors.push(err52);
}
errors++;
}
}
if(data24.keys !== undefined){
let data28 = data24.keys;
if(Array.isArray(data28)){
const len3 = data28.length;
for(let i3=0; i3<len3; i3++){
if(typeof data28[i3] !== "string"){
const err53 = {instancePath:instancePath+"/external/" + i2+"/keys/" + i3,schemaPath:"#/properties/external/items/properties/keys/items/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err53];
}
else {
vErrors.push(err53);
}
errors++;
}
}
}
else {
const err54 = {instancePath:instancePath+"/external/" + i2+"/keys",schemaPath:"#/properties/external/items/properties/keys/type",keyword:"type",params:{type: "array"},message:"must be array"};
if(vErrors === null){
vErrors = [err54];
}
else {
vErrors.push(err54);
}
errors++;
}
}
}
else {
const err55 = {instancePath:instancePath+"/external/" + i2,schemaPath:"#/properties/external/items/type",keyword:"type",params:{type: "object"},message:"must be object"};
if(vErrors === null){
vErrors = [err55];
}
else {
vErrors.push(err55);
}
errors++;
}
}
}
else {
const err56 = {instancePath:instancePath+"/external",schemaPath:"#/properties/external/type",keyword:"type",params:{type: "array"},message:"must be array"};
if(vErrors === null){
vErrors = [err56];
}
else {
vErrors.push(err56);
}
errors++;
}
}
if(data.secrets !== undefined){
let data30 = data.secrets;
if(data30 && typeof data30 == "object" && !Array.isArray(data30)){
for(const key6 in data30){
if(!(key6 === "external")){
const err57 = {instancePath:instancePath+"/secrets",schemaPath:"#/properties/secrets/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key6},message:"must NOT have additional properties"};
if(vErrors === null){
vErrors = [err57];
}
else {
vErrors.push(err57);
}
errors++;
}
}
if(data30.external !== undefined){
let data31 = data30.external;
if(Array.isArray(data31)){
const len4 = data31.length;
for(let i4=0; i4<len4; i4++){
let data32 = data31[i4];
if(data32 && typeof data32 == "object" && !Array.isArray(data32)){
if(data32.name === undefined){
const err58 = {instancePath:instancePath+"/secrets/external/" + i4,schemaPath:"#/properties/secrets/properties/external/items/required",keyword:"required",params:{missingProperty: "name"},message:"must have required property '"+"name"+"'"};
if(vErrors === null){
vErrors = [err58];
}
else {
vErrors.push(err58);
}
errors++;
}
for(const key7 in data32){
if(!((((key7 === "name") || (key7 === "namespace")) || (key7 === "keys")) || (key7 === "kind"))){
const err59 = {instancePath:instancePath+"/secrets/external/" + i4,schemaPath:"#/properties/secrets/properties/external/items/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key7},message:"must NOT have additional properties"};
if(vErrors === null){
vErrors = [err59];
}
else {
vErrors.push(err59);
}
errors++;
}
}
if(data32.name !== undefined){
let data33 = data32.name;
if(typeof data33 === "string"){
if(func3(data33) < 1){
const err60 = {instancePath:instancePath+"/secrets/external/" + i4+"/name",schemaPath:"#/properties/secrets/properties/external/items/properties/name/minLength",keyword:"minLength",params:{limit: 1},message:"must NOT have fewer than 1 characters"};
if(vErrors === null){
vErrors = [err60];
}
else {
vErrors.push(err60);
}
errors++;
}
}
else {
const err61 = {instancePath:instancePath+"/secrets/external/" + i4+"/name",schemaPath:"#/properties/secrets/properties/external/items/properties/name/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err61];
}
else {
vErrors.push(err61);
}
errors++;
}
}
if(data32.namespace !== undefined){
let data34 = data32.namespace;
if(typeof data34 === "string"){
if(func3(data34) < 1){
const err62 = {instancePath:instancePath+"/secrets/external/" + i4+"/namespace",schemaPath:"#/properties/secrets/properties/external/items/properties/namespace/minLength",keyword:"minLength",params:{limit: 1},message:"must NOT have fewer than 1 characters"};
if(vErrors === null){
vErrors = [err62];
}
else {
vErrors.push(err62);
}
errors++;
}
}
else {
const err63 = {instancePath:instancePath+"/secrets/external/" + i4+"/namespace",schemaPath:"#/properties/secrets/properties/external/items/properties/namespace/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err63];
}
else {
vErrors.push(err63);
}
errors++;
}
}
if(data32.keys !== undefined){
let data35 = data32.keys;
if(Array.isArray(data35)){
const len5 = data35.length;
for(let i5=0; i5<len5; i5++){
if(typeof data35[i5] !== "string"){
const err64 = {instancePath:instancePath+"/secrets/external/" + i4+"/keys/" + i5,schemaPath:"#/properties/secrets/properties/external/items/properties/keys/items/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err64];
}
else {
vErrors.push(err64);
}
errors++;
}
}
}
else {
const err65 = {instancePath:instancePath+"/secrets/external/" + i4+"/keys",schemaPath:"#/properties/secrets/properties/external/items/properties/keys/type",keyword:"type",params:{type: "array"},message:"must be array"};
if(vErrors === null){
vErrors = [err65];
}
else {
vErrors.push(err65);
}
errors++;
}
}
if(data32.kind !== undefined){
let data37 = data32.kind;
if(typeof data37 !== "string"){
const err66 = {instancePath:instancePath+"/secrets/external/" + i4+"/kind",schemaPath:"#/properties/secrets/properties/external/items/properties/kind/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err66];
}
else {
vErrors.push(err66);
}
errors++;
}
if(!((data37 === "Secret") || (data37 === "ConfigMap"))){
const err67 = {instancePath:instancePath+"/secrets/external/" + i4+"/kind",schemaPath:"#/properties/secrets/properties/external/items/properties/kind/enum",keyword:"enum",params:{allowedValues: schema11.properties.secrets.properties.external.items.properties.kind.enum},message:"must be equal to one of the allowed values"};
if(vErrors === null){
vErrors = [err67];
}
else {
vErrors.push(err67);
}
errors++;
}
}
}
else {
const err68 = {instancePath:instancePath+"/secrets/external/" + i4,schemaPath:"#/properties/secrets/properties/external/items/type",keyword:"type",params:{type: "object"},message:"must be object"};
if(vErrors === null){
vErrors = [err68];
}
else {
vErrors.push(err68);
}
errors++;
}
}
}
else {
const err69 = {instancePath:instancePath+"/secrets/external",schemaPath:"#/properties/secrets/properties/external/type",keyword:"type",params:{type: "array"},message:"must be array"};
if(vErrors === null){
vErrors = [err69];
}
else {
vErrors.push(err69);
}
errors++;
}
}
}
else {
const err70 = {instancePath:instancePath+"/secrets",schemaPath:"#/properties/secrets/type",keyword:"type",params:{type: "object"},message:"must be object"};
if(vErrors === null){
vErrors = [err70];
}
else {
vErrors.push(err70);
}
errors++;
}
}
if(data.pgdata !== undefined){
let data38 = data.pgdata;
if(data38 && typeof data38 == "object" && !Array.isArray(data38)){
for(const key8 in data38){
if(!(((key8 === "enabled") || (key8 === "guard")) || (key8 === "images"))){
const err71 = {instancePath:instancePath+"/pgdata",schemaPath:"#/properties/pgdata/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key8},message:"must NOT have additional properties"};
if(vErrors === null){
vErrors = [err71];
}
else {
vErrors.push(err71);
}
errors++;
}
}
if(data38.enabled !== undefined){
if(typeof data38.enabled !== "boolean"){
const err72 = {instancePath:instancePath+"/pgdata/enabled",schemaPath:"#/properties/pgdata/properties/enabled/type",keyword:"type",params:{type: "boolean"},message:"must be boolean"};
if(vErrors === null){
vErrors = [err72];
}
else {
vErrors.push(err72);
}
errors++;
}
}
if(data38.guard !== undefined){
if(typeof data38.guard !== "boolean"){
const err73 = {instancePath:instancePath+"/pgdata/guard",schemaPath:"#/properties/pgdata/properties/guard/type",keyword:"type",params:{type: "boolean"},message:"must be boolean"};
if(vErrors === null){
vErrors = [err73];
}
else {
vErrors.push(err73);
}
errors++;
}
}
if(data38.images !== undefined){
let data41 = data38.images;
if(Array.isArray(data41)){
const len6 = data41.length;
for(let i6=0; i6<len6; i6++){
let data42 = data41[i6];
if(typeof data42 === "string"){
if(func3(data42) < 1){
const err74 = {instancePath:instancePath+"/pgdata/images/" + i6,schemaPath:"#/properties/pgdata/properties/images/items/minLength",keyword:"minLength",params:{limit: 1},message:"must NOT have fewer than 1 characters"};
if(vErrors === null){
vErrors = [err74];
}
else {
vErrors.push(err74);
}
errors++;
}
}
else {
const err75 = {instancePath:instancePath+"/pgdata/images/" + i6,schemaPath:"#/properties/pgdata/properties/images/items/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err75];
}
else {
vErrors.push(err75);
}
errors++;
}
}
}
else {
const err76 = {instancePath:instancePath+"/pgdata/images",schemaPath:"#/properties/pgdata/properties/images/type",keyword:"type",params:{type: "array"},message:"must be array"};
if(vErrors === null){
vErrors = [err76];
}
else {
vErrors.push(err76);
}
errors++;
}
}
}
else {
const err77 = {instancePath:instancePath+"/pgdata",schemaPath:"#/properties/pgdata/type",keyword:"type",params:{type: "object"},message:"must be object"};
if(vErrors === null){
vErrors = [err77];
}
else {
vErrors.push(err77);
}
errors++;
}
}
if(data.images !== undefined){
let data43 = data.images;
if(data43 && typeof data43 == "object" && !Array.isArray(data43)){
for(const key9 in data43){
if(!(func2.call(schema11.properties.images.properties, key9))){
const err78 = {instancePath:instancePath+"/images",schemaPath:"#/properties/images/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key9},message:"must NOT have additional properties"};
if(vErrors === null){
vErrors = [err78];
}
else {
vErrors.push(err78);
}
errors++;
}
}
if(data43.pin !== undefined){
let data44 = data43.pin;
if(typeof data44 !== "string"){
const err79 = {instancePath:instancePath+"/images/pin",schemaPath:"#/properties/images/properties/pin/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err79];
}
else {
vErrors.push(err79);
}
errors++;
}
if(!(((data44 === "resolve") || (data44 === "locked")) || (data44 === "off"))){
const err80 = {instancePath:instancePath+"/images/pin",schemaPath:"#/properties/images/properties/pin/enum",keyword:"enum",params:{allowedValues: schema11.properties.images.properties.pin.enum},message:"must be equal to one of the allowed values"};
if(vErrors === null){
vErrors = [err80];
}
else {
vErrors.push(err80);
}
errors++;
}
}
if(data43.offline !== undefined){
if(typeof data43.offline !== "boolean"){
const err81 = {instancePath:instancePath+"/images/offline",schemaPath:"#/properties/images/properties/offline/type",keyword:"type",params:{type: "boolean"},message:"must be boolean"};
if(vErrors === null){
vErrors = [err81];
}
else {
vErrors.push(err81);
}
errors++;
}
}
if(data43.platforms !== undefined){
let data46 = data43.platforms;
if(Array.isArray(data46)){
if(data46.length < 1){
const err82 = {instancePath:instancePath+"/images/platforms",schemaPath:"#/properties/images/properties/platforms/minItems",keyword:"minItems",params:{limit: 1},message:"must NOT have fewer than 1 items"};
if(vErrors === null){
vErrors = [err82];
}
else {
vErrors.push(err82);
}
errors++;
}
const len7 = data46.length;
for(let i7=0; i7<len7; i7++){
let data47 = data46[i7];
if(typeof data47 === "string"){
if(!pattern3.test(data47)){
const err83 = {instancePath:instancePath+"/images/platforms/" + i7,schemaPath:"#/properties/images/properties/platforms/items/pattern",keyword:"pattern",params:{pattern: "^[a-z0-9]+/[a-z0-9_]+(/[a-z0-9]+)?$"},message:"must match pattern \""+"^[a-z0-9]+/[a-z0-9_]+(/[a-z0-9]+)?$"+"\""};
if(vErrors === null){
vErrors = [err83];
}
else {
vErrors.push(err83);
}
errors++;
}
}
else {
const err84 = {instancePath:instancePath+"/images/platforms/" + i7,schemaPath:"#/properties/images/properties/platforms/items/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err84];
}
else {
vErrors.push(err84);
}
errors++;
}
}
}
else {
const err85 = {instancePath:instancePath+"/images/platforms",schemaPath:"#/properties/images/properties/platforms/type",keyword:"type",params:{type: "array"},message:"must be array"};
if(vErrors === null){
vErrors = [err85];
}
else {
vErrors.push(err85);
}
errors++;
}
}
if(data43.paths !== undefined){
let data48 = data43.paths;
if(Array.isArray(data48)){
const len8 = data48.length;
for(let i8=0; i8<len8; i8++){
let data49 = data48[i8];
if(data49 && typeof data49 == "object" && !Array.isArray(data49)){
if(data49.kind === undefined){
const err86 = {instancePath:instancePath+"/images/paths/" + i8,schemaPath:"#/properties/images/properties/paths/items/required",keyword:"required",params:{missingProperty: "kind"},message:"must have required property '"+"kind"+"'"};
if(vErrors === null){
vErrors = [err86];
}
else {
vErrors.push(err86);
}
errors++;
}
if(data49.path === undefined){
const err87 = {instancePath:instancePath+"/images/paths/" + i8,schemaPath:"#/properties/images/properties/paths/items/required",keyword:"required",params:{missingProperty: "path"},message:"must have required property '"+"path"+"'"};
if(vErrors === null){
vErrors = [err87];
}
else {
vErrors.push(err87);
}
errors++;
}
for(const key10 in data49){
if(!(((key10 === "apiVersion") || (key10 === "kind")) || (key10 === "path"))){
const err88 = {instancePath:instancePath+"/images/paths/" + i8,schemaPath:"#/properties/images/properties/paths/items/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key10},message:"must NOT have additional properties"};
if(vErrors === null){
vErrors = [err88];
}
else {
vErrors.push(err88);
}
errors++;
}
}
if(data49.apiVersion !== undefined){
if(typeof data49.apiVersion !== "string"){
const err89 = {instancePath:instancePath+"/images/paths/" + i8+"/apiVersion",schemaPath:"#/properties/images/properties/paths/items/properties/apiVersion/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err89];
}
else {
vErrors.push(err89);
}
errors++;
}
}
if(data49.kind !== undefined){
let data51 = data49.kind;
if(typeof data51 === "string"){
if(func3(data51) < 1){
const err90 = {instancePath:instancePath+"/images/paths/" + i8+"/kind",schemaPath:"#/properties/images/properties/paths/items/properties/kind/minLength",keyword:"minLength",params:{limit: 1},message:"must NOT have fewer than 1 characters"};
if(vErrors === null){
vErrors = [err90];
}
else {
vErrors.push(err90);
}
errors++;
}
}
else {
const err91 = {instancePath:instancePath+"/images/paths/" + i8+"/kind",schemaPath:"#/properties/images/properties/paths/items/properties/kind/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err91];
}
else {
vErrors.push(err91);
}
errors++;
}
}
if(data49.path !== undefined){
let data52 = data49.path;
if(typeof data52 === "string"){
if(func3(data52) < 1){
const err92 = {instancePath:instancePath+"/images/paths/" + i8+"/path",schemaPath:"#/properties/images/properties/paths/items/properties/path/minLength",keyword:"minLength",params:{limit: 1},message:"must NOT have fewer than 1 characters"};
if(vErrors === null){
vErrors = [err92];
}
else {
vErrors.push(err92);
}
errors++;
}
}
else {
const err93 = {instancePath:instancePath+"/images/paths/" + i8+"/path",schemaPath:"#/properties/images/properties/paths/items/properties/path/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err93];
}
else {
vErrors.push(err93);
}
errors++;
}
}
}
else {
const err94 = {instancePath:instancePath+"/images/paths/" + i8,schemaPath:"#/properties/images/properties/paths/items/type",keyword:"type",params:{type: "object"},message:"must be object"};
if(vErrors === null){
vErrors = [err94];
}
else {
vErrors.push(err94);
}
errors++;
}
}
}
else {
const err95 = {instancePath:instancePath+"/images/paths",schemaPath:"#/properties/images/properties/paths/type",keyword:"type",params:{type: "array"},message:"must be array"};
if(vErrors === null){
vErrors = [err95];
}
else {
vErrors.push(err95);
}
errors++;
}
}
if(data43.insecureRegistries !== undefined){
let data53 = data43.insecureRegistries;
if(Array.isArray(data53)){
const len9 = data53.length;
for(let i9=0; i9<len9; i9++){
let data54 = data53[i9];
if(typeof data54 === "string"){
if(func3(data54) < 1){
const err96 = {instancePath:instancePath+"/images/insecureRegistries/" + i9,schemaPath:"#/properties/images/properties/insecureRegistries/items/minLength",keyword:"minLength",params:{limit: 1},message:"must NOT have fewer than 1 characters"};
if(vErrors === null){
vErrors = [err96];
}
else {
vErrors.push(err96);
}
errors++;
}
}
else {
const err97 = {instancePath:instancePath+"/images/insecureRegistries/" + i9,schemaPath:"#/properties/images/properties/insecureRegistries/items/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err97];
}
else {
vErrors.push(err97);
}
errors++;
}
}
}
else {
const err98 = {instancePath:instancePath+"/images/insecureRegistries",schemaPath:"#/properties/images/properties/insecureRegistries/type",keyword:"type",params:{type: "array"},message:"must be array"};
if(vErrors === null){
vErrors = [err98];
}
else {
vErrors.push(err98);
}
errors++;
}
}
if(data43.concurrency !== undefined){
let data55 = data43.concurrency;
if(!(((typeof data55 == "number") && (!(data55 % 1) && !isNaN(data55))) && (isFinite(data55)))){
const err99 = {instancePath:instancePath+"/images/concurrency",schemaPath:"#/properties/images/properties/concurrency/type",keyword:"type",params:{type: "integer"},message:"must be integer"};
if(vErrors === null){
vErrors = [err99];
}
else {
vErrors.push(err99);
}
errors++;
}
if((typeof data55 == "number") && (isFinite(data55))){
if(data55 > 64 || isNaN(data55)){
const err100 = {instancePath:instancePath+"/images/concurrency",schemaPath:"#/properties/images/properties/concurrency/maximum",keyword:"maximum",params:{comparison: "<=", limit: 64},message:"must be <= 64"};
if(vErrors === null){
vErrors = [err100];
}
else {
vErrors.push(err100);
}
errors++;
}
if(data55 < 1 || isNaN(data55)){
const err101 = {instancePath:instancePath+"/images/concurrency",schemaPath:"#/properties/images/properties/concurrency/minimum",keyword:"minimum",params:{comparison: ">=", limit: 1},message:"must be >= 1"};
if(vErrors === null){
vErrors = [err101];
}
else {
vErrors.push(err101);
}
errors++;
}
}
}
if(data43.requestTimeoutSeconds !== undefined){
let data56 = data43.requestTimeoutSeconds;
if((typeof data56 == "number") && (isFinite(data56))){
if(data56 <= 0 || isNaN(data56)){
const err102 = {instancePath:instancePath+"/images/requestTimeoutSeconds",schemaPath:"#/properties/images/properties/requestTimeoutSeconds/exclusiveMinimum",keyword:"exclusiveMinimum",params:{comparison: ">", limit: 0},message:"must be > 0"};
if(vErrors === null){
vErrors = [err102];
}
else {
vErrors.push(err102);
}
errors++;
}
}
else {
const err103 = {instancePath:instancePath+"/images/requestTimeoutSeconds",schemaPath:"#/properties/images/properties/requestTimeoutSeconds/type",keyword:"type",params:{type: "number"},message:"must be number"};
if(vErrors === null){
vErrors = [err103];
}
else {
vErrors.push(err103);
}
errors++;
}
}
if(data43.budgetSeconds !== undefined){
let data57 = data43.budgetSeconds;
if((typeof data57 == "number") && (isFinite(data57))){
if(data57 <= 0 || isNaN(data57)){
const err104 = {instancePath:instancePath+"/images/budgetSeconds",schemaPath:"#/properties/images/properties/budgetSeconds/exclusiveMinimum",keyword:"exclusiveMinimum",params:{comparison: ">", limit: 0},message:"must be > 0"};
if(vErrors === null){
vErrors = [err104];
}
else {
vErrors.push(err104);
}
errors++;
}
}
else {
const err105 = {instancePath:instancePath+"/images/budgetSeconds",schemaPath:"#/properties/images/properties/budgetSeconds/type",keyword:"type",params:{type: "number"},message:"must be number"};
if(vErrors === null){
vErrors = [err105];
}
else {
vErrors.push(err105);
}
errors++;
}
}
if(data43.retryBaseSeconds !== undefined){
let data58 = data43.retryBaseSeconds;
if((typeof data58 == "number") && (isFinite(data58))){
if(data58 > 60 || isNaN(data58)){
const err106 = {instancePath:instancePath+"/images/retryBaseSeconds",schemaPath:"#/properties/images/properties/retryBaseSeconds/maximum",keyword:"maximum",params:{comparison: "<=", limit: 60},message:"must be <= 60"};
if(vErrors === null){
vErrors = [err106];
}
else {
vErrors.push(err106);
}
errors++;
}
if(data58 < 0 || isNaN(data58)){
const err107 = {instancePath:instancePath+"/images/retryBaseSeconds",schemaPath:"#/properties/images/properties/retryBaseSeconds/minimum",keyword:"minimum",params:{comparison: ">=", limit: 0},message:"must be >= 0"};
if(vErrors === null){
vErrors = [err107];
}
else {
vErrors.push(err107);
}
errors++;
}
}
else {
const err108 = {instancePath:instancePath+"/images/retryBaseSeconds",schemaPath:"#/properties/images/properties/retryBaseSeconds/type",keyword:"type",params:{type: "number"},message:"must be number"};
if(vErrors === null){
vErrors = [err108];
}
else {
vErrors.push(err108);
}
errors++;
}
}
if(data43.tagTTLSeconds !== undefined){
let data59 = data43.tagTTLSeconds;
if((typeof data59 == "number") && (isFinite(data59))){
if(data59 < 0 || isNaN(data59)){
const err109 = {instancePath:instancePath+"/images/tagTTLSeconds",schemaPath:"#/properties/images/properties/tagTTLSeconds/minimum",keyword:"minimum",params:{comparison: ">=", limit: 0},message:"must be >= 0"};
if(vErrors === null){
vErrors = [err109];
}
else {
vErrors.push(err109);
}
errors++;
}
}
else {
const err110 = {instancePath:instancePath+"/images/tagTTLSeconds",schemaPath:"#/properties/images/properties/tagTTLSeconds/type",keyword:"type",params:{type: "number"},message:"must be number"};
if(vErrors === null){
vErrors = [err110];
}
else {
vErrors.push(err110);
}
errors++;
}
}
}
else {
const err111 = {instancePath:instancePath+"/images",schemaPath:"#/properties/images/type",keyword:"type",params:{type: "object"},message:"must be object"};
if(vErrors === null){
vErrors = [err111];
}
else {
vErrors.push(err111);
}
errors++;
}
}
if(data.flyway !== undefined){
let data60 = data.flyway;
if(data60 && typeof data60 == "object" && !Array.isArray(data60)){
for(const key11 in data60){
if(!(((((((key11 === "locations") || (key11 === "sqlMigrationPrefix")) || (key11 === "undoSqlMigrationPrefix")) || (key11 === "baselineMigrationPrefix")) || (key11 === "repeatableSqlMigrationPrefix")) || (key11 === "sqlMigrationSeparator")) || (key11 === "sqlMigrationSuffixes"))){
const err112 = {instancePath:instancePath+"/flyway",schemaPath:"#/properties/flyway/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key11},message:"must NOT have additional properties"};
if(vErrors === null){
vErrors = [err112];
}
else {
vErrors.push(err112);
}
errors++;
}
}
if(data60.locations !== undefined){
let data61 = data60.locations;
if(Array.isArray(data61)){
const len10 = data61.length;
for(let i10=0; i10<len10; i10++){
let data62 = data61[i10];
const _errs151 = errors;
let valid34 = false;
const _errs152 = errors;
if(typeof data62 === "string"){
if(func3(data62) < 1){
const err113 = {instancePath:instancePath+"/flyway/locations/" + i10,schemaPath:"#/properties/flyway/properties/locations/items/anyOf/0/minLength",keyword:"minLength",params:{limit: 1},message:"must NOT have fewer than 1 characters"};
if(vErrors === null){
vErrors = [err113];
}
else {
vErrors.push(err113);
}
errors++;
}
}
else {
const err114 = {instancePath:instancePath+"/flyway/locations/" + i10,schemaPath:"#/properties/flyway/properties/locations/items/anyOf/0/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err114];
}
else {
vErrors.push(err114);
}
errors++;
}
var _valid0 = _errs152 === errors;
valid34 = valid34 || _valid0;
if(!valid34){
const _errs154 = errors;
if(Array.isArray(data62)){
if(data62.length < 1){
const err115 = {instancePath:instancePath+"/flyway/locations/" + i10,schemaPath:"#/properties/flyway/properties/locations/items/anyOf/1/minItems",keyword:"minItems",params:{limit: 1},message:"must NOT have fewer than 1 items"};
if(vErrors === null){
vErrors = [err115];
}
else {
vErrors.push(err115);
}
errors++;
}
const len11 = data62.length;
for(let i11=0; i11<len11; i11++){
let data63 = data62[i11];
if(typeof data63 === "string"){
if(func3(data63) < 1){
const err116 = {instancePath:instancePath+"/flyway/locations/" + i10+"/" + i11,schemaPath:"#/properties/flyway/properties/locations/items/anyOf/1/items/minLength",keyword:"minLength",params:{limit: 1},message:"must NOT have fewer than 1 characters"};
if(vErrors === null){
vErrors = [err116];
}
else {
vErrors.push(err116);
}
errors++;
}
}
else {
const err117 = {instancePath:instancePath+"/flyway/locations/" + i10+"/" + i11,schemaPath:"#/properties/flyway/properties/locations/items/anyOf/1/items/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err117];
}
else {
vErrors.push(err117);
}
errors++;
}
}
}
else {
const err118 = {instancePath:instancePath+"/flyway/locations/" + i10,schemaPath:"#/properties/flyway/properties/locations/items/anyOf/1/type",keyword:"type",params:{type: "array"},message:"must be array"};
if(vErrors === null){
vErrors = [err118];
}
else {
vErrors.push(err118);
}
errors++;
}
var _valid0 = _errs154 === errors;
valid34 = valid34 || _valid0;
}
if(!valid34){
const err119 = {instancePath:instancePath+"/flyway/locations/" + i10,schemaPath:"#/properties/flyway/properties/locations/items/anyOf",keyword:"anyOf",params:{},message:"must match a schema in anyOf"};
if(vErrors === null){
vErrors = [err119];
}
else {
vErrors.push(err119);
}
errors++;
}
else {
errors = _errs151;
if(vErrors !== null){
if(_errs151){
vErrors.length = _errs151;
}
else {
vErrors = null;
}
}
}
}
}
else {
const err120 = {instancePath:instancePath+"/flyway/locations",schemaPath:"#/properties/flyway/properties/locations/type",keyword:"type",params:{type: "array"},message:"must be array"};
if(vErrors === null){
vErrors = [err120];
}
else {
vErrors.push(err120);
}
errors++;
}
}
if(data60.sqlMigrationPrefix !== undefined){
let data64 = data60.sqlMigrationPrefix;
if(typeof data64 === "string"){
if(func3(data64) < 1){
const err121 = {instancePath:instancePath+"/flyway/sqlMigrationPrefix",schemaPath:"#/properties/flyway/properties/sqlMigrationPrefix/minLength",keyword:"minLength",params:{limit: 1},message:"must NOT have fewer than 1 characters"};
if(vErrors === null){
vErrors = [err121];
}
else {
vErrors.push(err121);
}
errors++;
}
}
else {
const err122 = {instancePath:instancePath+"/flyway/sqlMigrationPrefix",schemaPath:"#/properties/flyway/properties/sqlMigrationPrefix/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err122];
}
else {
vErrors.push(err122);
}
errors++;
}
}
if(data60.undoSqlMigrationPrefix !== undefined){
let data65 = data60.undoSqlMigrationPrefix;
if(typeof data65 === "string"){
if(func3(data65) < 1){
const err123 = {instancePath:instancePath+"/flyway/undoSqlMigrationPrefix",schemaPath:"#/properties/flyway/properties/undoSqlMigrationPrefix/minLength",keyword:"minLength",params:{limit: 1},message:"must NOT have fewer than 1 characters"};
if(vErrors === null){
vErrors = [err123];
}
else {
vErrors.push(err123);
}
errors++;
}
}
else {
const err124 = {instancePath:instancePath+"/flyway/undoSqlMigrationPrefix",schemaPath:"#/properties/flyway/properties/undoSqlMigrationPrefix/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err124];
}
else {
vErrors.push(err124);
}
errors++;
}
}
if(data60.baselineMigrationPrefix !== undefined){
let data66 = data60.baselineMigrationPrefix;
if(typeof data66 === "string"){
if(func3(data66) < 1){
const err125 = {instancePath:instancePath+"/flyway/baselineMigrationPrefix",schemaPath:"#/properties/flyway/properties/baselineMigrationPrefix/minLength",keyword:"minLength",params:{limit: 1},message:"must NOT have fewer than 1 characters"};
if(vErrors === null){
vErrors = [err125];
}
else {
vErrors.push(err125);
}
errors++;
}
}
else {
const err126 = {instancePath:instancePath+"/flyway/baselineMigrationPrefix",schemaPath:"#/properties/flyway/properties/baselineMigrationPrefix/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err126];
}
else {
vErrors.push(err126);
}
errors++;
}
}
if(data60.repeatableSqlMigrationPrefix !== undefined){
let data67 = data60.repeatableSqlMigrationPrefix;
if(typeof data67 === "string"){
if(func3(data67) < 1){
const err127 = {instancePath:instancePath+"/flyway/repeatableSqlMigrationPrefix",schemaPath:"#/properties/flyway/properties/repeatableSqlMigrationPrefix/minLength",keyword:"minLength",params:{limit: 1},message:"must NOT have fewer than 1 characters"};
if(vErrors === null){
vErrors = [err127];
}
else {
vErrors.push(err127);
}
errors++;
}
}
else {
const err128 = {instancePath:instancePath+"/flyway/repeatableSqlMigrationPrefix",schemaPath:"#/properties/flyway/properties/repeatableSqlMigrationPrefix/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err128];
}
else {
vErrors.push(err128);
}
errors++;
}
}
if(data60.sqlMigrationSeparator !== undefined){
let data68 = data60.sqlMigrationSeparator;
if(typeof data68 === "string"){
if(func3(data68) < 1){
const err129 = {instancePath:instancePath+"/flyway/sqlMigrationSeparator",schemaPath:"#/properties/flyway/properties/sqlMigrationSeparator/minLength",keyword:"minLength",params:{limit: 1},message:"must NOT have fewer than 1 characters"};
if(vErrors === null){
vErrors = [err129];
}
else {
vErrors.push(err129);
}
errors++;
}
}
else {
const err130 = {instancePath:instancePath+"/flyway/sqlMigrationSeparator",schemaPath:"#/properties/flyway/properties/sqlMigrationSeparator/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err130];
}
else {
vErrors.push(err130);
}
errors++;
}
}
if(data60.sqlMigrationSuffixes !== undefined){
let data69 = data60.sqlMigrationSuffixes;
if(Array.isArray(data69)){
if(data69.length < 1){
const err131 = {instancePath:instancePath+"/flyway/sqlMigrationSuffixes",schemaPath:"#/properties/flyway/properties/sqlMigrationSuffixes/minItems",keyword:"minItems",params:{limit: 1},message:"must NOT have fewer than 1 items"};
if(vErrors === null){
vErrors = [err131];
}
else {
vErrors.push(err131);
}
errors++;
}
const len12 = data69.length;
for(let i12=0; i12<len12; i12++){
let data70 = data69[i12];
if(typeof data70 === "string"){
if(func3(data70) < 1){
const err132 = {instancePath:instancePath+"/flyway/sqlMigrationSuffixes/" + i12,schemaPath:"#/properties/flyway/properties/sqlMigrationSuffixes/items/minLength",keyword:"minLength",params:{limit: 1},message:"must NOT have fewer than 1 characters"};
if(vErrors === null){
vErrors = [err132];
}
else {
vErrors.push(err132);
}
errors++;
}
}
else {
const err133 = {instancePath:instancePath+"/flyway/sqlMigrationSuffixes/" + i12,schemaPath:"#/properties/flyway/properties/sqlMigrationSuffixes/items/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err133];
}
else {
vErrors.push(err133);
}
errors++;
}
}
}
else {
const err134 = {instancePath:instancePath+"/flyway/sqlMigrationSuffixes",schemaPath:"#/properties/flyway/properties/sqlMigrationSuffixes/type",keyword:"type",params:{type: "array"},message:"must be array"};
if(vErrors === null){
vErrors = [err134];
}
else {
vErrors.push(err134);
}
errors++;
}
}
}
else {
const err135 = {instancePath:instancePath+"/flyway",schemaPath:"#/properties/flyway/type",keyword:"type",params:{type: "object"},message:"must be object"};
if(vErrors === null){
vErrors = [err135];
}
else {
vErrors.push(err135);
}
errors++;
}
}
if(data.cache !== undefined){
let data71 = data.cache;
if(data71 && typeof data71 == "object" && !Array.isArray(data71)){
for(const key12 in data71){
if(!(key12 === "redis")){
const err136 = {instancePath:instancePath+"/cache",schemaPath:"#/properties/cache/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key12},message:"must NOT have additional properties"};
if(vErrors === null){
vErrors = [err136];
}
else {
vErrors.push(err136);
}
errors++;
}
}
if(data71.redis !== undefined){
let data72 = data71.redis;
if(data72 && typeof data72 == "object" && !Array.isArray(data72)){
for(const key13 in data72){
if(!(((key13 === "url") || (key13 === "keyPrefix")) || (key13 === "timeoutMilliseconds"))){
const err137 = {instancePath:instancePath+"/cache/redis",schemaPath:"#/properties/cache/properties/redis/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key13},message:"must NOT have additional properties"};
if(vErrors === null){
vErrors = [err137];
}
else {
vErrors.push(err137);
}
errors++;
}
}
if(data72.url !== undefined){
let data73 = data72.url;
if(typeof data73 === "string"){
if(func3(data73) < 1){
const err138 = {instancePath:instancePath+"/cache/redis/url",schemaPath:"#/properties/cache/properties/redis/properties/url/minLength",keyword:"minLength",params:{limit: 1},message:"must NOT have fewer than 1 characters"};
if(vErrors === null){
vErrors = [err138];
}
else {
vErrors.push(err138);
}
errors++;
}
if(!pattern4.test(data73)){
const err139 = {instancePath:instancePath+"/cache/redis/url",schemaPath:"#/properties/cache/properties/redis/properties/url/pattern",keyword:"pattern",params:{pattern: "^(?!.*://[^/@]*:[^/@]*@)"},message:"must match pattern \""+"^(?!.*://[^/@]*:[^/@]*@)"+"\""};
if(vErrors === null){
vErrors = [err139];
}
else {
vErrors.push(err139);
}
errors++;
}
}
else {
const err140 = {instancePath:instancePath+"/cache/redis/url",schemaPath:"#/properties/cache/properties/redis/properties/url/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err140];
}
else {
vErrors.push(err140);
}
errors++;
}
}
if(data72.keyPrefix !== undefined){
let data74 = data72.keyPrefix;
if(typeof data74 === "string"){
if(!pattern5.test(data74)){
const err141 = {instancePath:instancePath+"/cache/redis/keyPrefix",schemaPath:"#/properties/cache/properties/redis/properties/keyPrefix/pattern",keyword:"pattern",params:{pattern: "^[A-Za-z0-9._:-]{1,64}$"},message:"must match pattern \""+"^[A-Za-z0-9._:-]{1,64}$"+"\""};
if(vErrors === null){
vErrors = [err141];
}
else {
vErrors.push(err141);
}
errors++;
}
}
else {
const err142 = {instancePath:instancePath+"/cache/redis/keyPrefix",schemaPath:"#/properties/cache/properties/redis/properties/keyPrefix/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err142];
}
else {
vErrors.push(err142);
}
errors++;
}
}
if(data72.timeoutMilliseconds !== undefined){
let data75 = data72.timeoutMilliseconds;
if(!(((typeof data75 == "number") && (!(data75 % 1) && !isNaN(data75))) && (isFinite(data75)))){
const err143 = {instancePath:instancePath+"/cache/redis/timeoutMilliseconds",schemaPath:"#/properties/cache/properties/redis/properties/timeoutMilliseconds/type",keyword:"type",params:{type: "integer"},message:"must be integer"};
if(vErrors === null){
vErrors = [err143];
}
else {
vErrors.push(err143);
}
errors++;
}
if((typeof data75 == "number") && (isFinite(data75))){
if(data75 > 10000 || isNaN(data75)){
const err144 = {instancePath:instancePath+"/cache/redis/timeoutMilliseconds",schemaPath:"#/properties/cache/properties/redis/properties/timeoutMilliseconds/maximum",keyword:"maximum",params:{comparison: "<=", limit: 10000},message:"must be <= 10000"};
if(vErrors === null){
vErrors = [err144];
}
else {
vErrors.push(err144);
}
errors++;
}
if(data75 < 10 || isNaN(data75)){
const err145 = {instancePath:instancePath+"/cache/redis/timeoutMilliseconds",schemaPath:"#/properties/cache/properties/redis/properties/timeoutMilliseconds/minimum",keyword:"minimum",params:{comparison: ">=", limit: 10},message:"must be >= 10"};
if(vErrors === null){
vErrors = [err145];
}
else {
vErrors.push(err145);
}
errors++;
}
}
}
}
else {
const err146 = {instancePath:instancePath+"/cache/redis",schemaPath:"#/properties/cache/properties/redis/type",keyword:"type",params:{type: "object"},message:"must be object"};
if(vErrors === null){
vErrors = [err146];
}
else {
vErrors.push(err146);
}
errors++;
}
}
}
else {
const err147 = {instancePath:instancePath+"/cache",schemaPath:"#/properties/cache/type",keyword:"type",params:{type: "object"},message:"must be object"};
if(vErrors === null){
vErrors = [err147];
}
else {
vErrors.push(err147);
}
errors++;
}
}
}
else {
const err148 = {instancePath,schemaPath:"#/type",keyword:"type",params:{type: "object"},message:"must be object"};
if(vErrors === null){
vErrors = [err148];
}
else {
vErrors.push(err148);
}
errors++;
}
validate10.errors = vErrors;
return errors === 0;
}

export const validateLock = validate11;
const schema12 = {"$schema":"http://json-schema.org/draft-07/schema#","$id":"https://kustodian.dev/schemas/lock.schema.json","title":"Lock","description":"kustodian.lock.yaml: the committed tag→digest answers that make renders hermetic.","type":"object","additionalProperties":false,"required":["apiVersion","kind","images"],"properties":{"apiVersion":{"const":"kustodian.dev/v1alpha1"},"kind":{"const":"Lock"},"images":{"type":"array","items":{"type":"object","additionalProperties":false,"required":["reference","digest","mediaType","platforms"],"properties":{"reference":{"description":"The reference as written in the manifests.","type":"string","minLength":1},"digest":{"type":"string","pattern":"^sha256:[a-f0-9]{64}$","description":"The manifest or index digest the reference resolved to."},"mediaType":{"type":"string","minLength":1,"description":"The media type of that manifest or index (OCI index, Docker manifest list, OCI or Docker manifest)."},"platforms":{"description":"The platforms the image provides, normalised (os/arch[/variant]) and sorted; attestation entries excluded.","type":"array","items":{"type":"string","pattern":"^[a-z0-9]+/[a-z0-9_]+(/[a-z0-9.]+)?$"}},"env":{"description":"Per platform (os/arch[/variant]), the image config Env variables that steps asked for (only PG_MAJOR and PGDATA are recorded), so that locked renders need no registry.","type":"object","propertyNames":{"pattern":"^[a-z0-9]+/[a-z0-9_]+(/[a-z0-9.]+)?$"},"additionalProperties":{"type":"object","additionalProperties":false,"properties":{"PG_MAJOR":{"type":"string"},"PGDATA":{"type":"string"}}}}}},"description":"One entry per distinct image reference in the render, sorted by reference."}}};
const pattern6 = new RegExp("^sha256:[a-f0-9]{64}$", "u");
const pattern7 = new RegExp("^[a-z0-9]+/[a-z0-9_]+(/[a-z0-9.]+)?$", "u");

function validate11(data, {instancePath="", parentData, parentDataProperty, rootData=data}={}){
/*# sourceURL="https://kustodian.dev/schemas/lock.schema.json" */;
let vErrors = null;
let errors = 0;
if(data && typeof data == "object" && !Array.isArray(data)){
if(data.apiVersion === undefined){
const err0 = {instancePath,schemaPath:"#/required",keyword:"required",params:{missingProperty: "apiVersion"},message:"must have required property '"+"apiVersion"+"'"};
if(vErrors === null){
vErrors = [err0];
}
else {
vErrors.push(err0);
}
errors++;
}
if(data.kind === undefined){
const err1 = {instancePath,schemaPath:"#/required",keyword:"required",params:{missingProperty: "kind"},message:"must have required property '"+"kind"+"'"};
if(vErrors === null){
vErrors = [err1];
}
else {
vErrors.push(err1);
}
errors++;
}
if(data.images === undefined){
const err2 = {instancePath,schemaPath:"#/required",keyword:"required",params:{missingProperty: "images"},message:"must have required property '"+"images"+"'"};
if(vErrors === null){
vErrors = [err2];
}
else {
vErrors.push(err2);
}
errors++;
}
for(const key0 in data){
if(!(((key0 === "apiVersion") || (key0 === "kind")) || (key0 === "images"))){
const err3 = {instancePath,schemaPath:"#/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key0},message:"must NOT have additional properties"};
if(vErrors === null){
vErrors = [err3];
}
else {
vErrors.push(err3);
}
errors++;
}
}
if(data.apiVersion !== undefined){
if("kustodian.dev/v1alpha1" !== data.apiVersion){
const err4 = {instancePath:instancePath+"/apiVersion",schemaPath:"#/properties/apiVersion/const",keyword:"const",params:{allowedValue: "kustodian.dev/v1alpha1"},message:"must be equal to constant"};
if(vErrors === null){
vErrors = [err4];
}
else {
vErrors.push(err4);
}
errors++;
}
}
if(data.kind !== undefined){
if("Lock" !== data.kind){
const err5 = {instancePath:instancePath+"/kind",schemaPath:"#/properties/kind/const",keyword:"const",params:{allowedValue: "Lock"},message:"must be equal to constant"};
if(vErrors === null){
vErrors = [err5];
}
else {
vErrors.push(err5);
}
errors++;
}
}
if(data.images !== undefined){
let data2 = data.images;
if(Array.isArray(data2)){
const len0 = data2.length;
for(let i0=0; i0<len0; i0++){
let data3 = data2[i0];
if(data3 && typeof data3 == "object" && !Array.isArray(data3)){
if(data3.reference === undefined){
const err6 = {instancePath:instancePath+"/images/" + i0,schemaPath:"#/properties/images/items/required",keyword:"required",params:{missingProperty: "reference"},message:"must have required property '"+"reference"+"'"};
if(vErrors === null){
vErrors = [err6];
}
else {
vErrors.push(err6);
}
errors++;
}
if(data3.digest === undefined){
const err7 = {instancePath:instancePath+"/images/" + i0,schemaPath:"#/properties/images/items/required",keyword:"required",params:{missingProperty: "digest"},message:"must have required property '"+"digest"+"'"};
if(vErrors === null){
vErrors = [err7];
}
else {
vErrors.push(err7);
}
errors++;
}
if(data3.mediaType === undefined){
const err8 = {instancePath:instancePath+"/images/" + i0,schemaPath:"#/properties/images/items/required",keyword:"required",params:{missingProperty: "mediaType"},message:"must have required property '"+"mediaType"+"'"};
if(vErrors === null){
vErrors = [err8];
}
else {
vErrors.push(err8);
}
errors++;
}
if(data3.platforms === undefined){
const err9 = {instancePath:instancePath+"/images/" + i0,schemaPath:"#/properties/images/items/required",keyword:"required",params:{missingProperty: "platforms"},message:"must have required property '"+"platforms"+"'"};
if(vErrors === null){
vErrors = [err9];
}
else {
vErrors.push(err9);
}
errors++;
}
for(const key1 in data3){
if(!(((((key1 === "reference") || (key1 === "digest")) || (key1 === "mediaType")) || (key1 === "platforms")) || (key1 === "env"))){
const err10 = {instancePath:instancePath+"/images/" + i0,schemaPath:"#/properties/images/items/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key1},message:"must NOT have additional properties"};
if(vErrors === null){
vErrors = [err10];
}
else {
vErrors.push(err10);
}
errors++;
}
}
if(data3.reference !== undefined){
let data4 = data3.reference;
if(typeof data4 === "string"){
if(func3(data4) < 1){
const err11 = {instancePath:instancePath+"/images/" + i0+"/reference",schemaPath:"#/properties/images/items/properties/reference/minLength",keyword:"minLength",params:{limit: 1},message:"must NOT have fewer than 1 characters"};
if(vErrors === null){
vErrors = [err11];
}
else {
vErrors.push(err11);
}
errors++;
}
}
else {
const err12 = {instancePath:instancePath+"/images/" + i0+"/reference",schemaPath:"#/properties/images/items/properties/reference/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err12];
}
else {
vErrors.push(err12);
}
errors++;
}
}
if(data3.digest !== undefined){
let data5 = data3.digest;
if(typeof data5 === "string"){
if(!pattern6.test(data5)){
const err13 = {instancePath:instancePath+"/images/" + i0+"/digest",schemaPath:"#/properties/images/items/properties/digest/pattern",keyword:"pattern",params:{pattern: "^sha256:[a-f0-9]{64}$"},message:"must match pattern \""+"^sha256:[a-f0-9]{64}$"+"\""};
if(vErrors === null){
vErrors = [err13];
}
else {
vErrors.push(err13);
}
errors++;
}
}
else {
const err14 = {instancePath:instancePath+"/images/" + i0+"/digest",schemaPath:"#/properties/images/items/properties/digest/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err14];
}
else {
vErrors.push(err14);
}
errors++;
}
}
if(data3.mediaType !== undefined){
let data6 = data3.mediaType;
if(typeof data6 === "string"){
if(func3(data6) < 1){
const err15 = {instancePath:instancePath+"/images/" + i0+"/mediaType",schemaPath:"#/properties/images/items/properties/mediaType/minLength",keyword:"minLength",params:{limit: 1},message:"must NOT have fewer than 1 characters"};
if(vErrors === null){
vErrors = [err15];
}
else {
vErrors.push(err15);
}
errors++;
}
}
else {
const err16 = {instancePath:instancePath+"/images/" + i0+"/mediaType",schemaPath:"#/properties/images/items/properties/mediaType/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err16];
}
else {
vErrors.push(err16);
}
errors++;
}
}
if(data3.platforms !== undefined){
let data7 = data3.platforms;
if(Array.isArray(data7)){
const len1 = data7.length;
for(let i1=0; i1<len1; i1++){
let data8 = data7[i1];
if(typeof data8 === "string"){
if(!pattern7.test(data8)){
const err17 = {instancePath:instancePath+"/images/" + i0+"/platforms/" + i1,schemaPath:"#/properties/images/items/properties/platforms/items/pattern",keyword:"pattern",params:{pattern: "^[a-z0-9]+/[a-z0-9_]+(/[a-z0-9.]+)?$"},message:"must match pattern \""+"^[a-z0-9]+/[a-z0-9_]+(/[a-z0-9.]+)?$"+"\""};
if(vErrors === null){
vErrors = [err17];
}
else {
vErrors.push(err17);
}
errors++;
}
}
else {
const err18 = {instancePath:instancePath+"/images/" + i0+"/platforms/" + i1,schemaPath:"#/properties/images/items/properties/platforms/items/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err18];
}
else {
vErrors.push(err18);
}
errors++;
}
}
}
else {
const err19 = {instancePath:instancePath+"/images/" + i0+"/platforms",schemaPath:"#/properties/images/items/properties/platforms/type",keyword:"type",params:{type: "array"},message:"must be array"};
if(vErrors === null){
vErrors = [err19];
}
else {
vErrors.push(err19);
}
errors++;
}
}
if(data3.env !== undefined){
let data9 = data3.env;
if(data9 && typeof data9 == "object" && !Array.isArray(data9)){
for(const key2 in data9){
const _errs21 = errors;
if(typeof key2 === "string"){
if(!pattern7.test(key2)){
const err20 = {instancePath:instancePath+"/images/" + i0+"/env",schemaPath:"#/properties/images/items/properties/env/propertyNames/pattern",keyword:"pattern",params:{pattern: "^[a-z0-9]+/[a-z0-9_]+(/[a-z0-9.]+)?$"},message:"must match pattern \""+"^[a-z0-9]+/[a-z0-9_]+(/[a-z0-9.]+)?$"+"\"",propertyName:key2};
if(vErrors === null){
vErrors = [err20];
}
else {
vErrors.push(err20);
}
errors++;
}
}
var valid6 = _errs21 === errors;
if(!valid6){
const err21 = {instancePath:instancePath+"/images/" + i0+"/env",schemaPath:"#/properties/images/items/properties/env/propertyNames",keyword:"propertyNames",params:{propertyName: key2},message:"property name must be valid"};
if(vErrors === null){
vErrors = [err21];
}
else {
vErrors.push(err21);
}
errors++;
}
}
for(const key3 in data9){
let data10 = data9[key3];
if(data10 && typeof data10 == "object" && !Array.isArray(data10)){
for(const key4 in data10){
if(!((key4 === "PG_MAJOR") || (key4 === "PGDATA"))){
const err22 = {instancePath:instancePath+"/images/" + i0+"/env/" + key3.replace(/~/g, "~0").replace(/\//g, "~1"),schemaPath:"#/properties/images/items/properties/env/additionalProperties/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key4},message:"must NOT have additional properties"};
if(vErrors === null){
vErrors = [err22];
}
else {
vErrors.push(err22);
}
errors++;
}
}
if(data10.PG_MAJOR !== undefined){
if(typeof data10.PG_MAJOR !== "string"){
const err23 = {instancePath:instancePath+"/images/" + i0+"/env/" + key3.replace(/~/g, "~0").replace(/\//g, "~1")+"/PG_MAJOR",schemaPath:"#/properties/images/items/properties/env/additionalProperties/properties/PG_MAJOR/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err23];
}
else {
vErrors.push(err23);
}
errors++;
}
}
if(data10.PGDATA !== undefined){
if(typeof data10.PGDATA !== "string"){
const err24 = {instancePath:instancePath+"/images/" + i0+"/env/" + key3.replace(/~/g, "~0").replace(/\//g, "~1")+"/PGDATA",schemaPath:"#/properties/images/items/properties/env/additionalProperties/properties/PGDATA/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err24];
}
else {
vErrors.push(err24);
}
errors++;
}
}
}
else {
const err25 = {instancePath:instancePath+"/images/" + i0+"/env/" + key3.replace(/~/g, "~0").replace(/\//g, "~1"),schemaPath:"#/properties/images/items/properties/env/additionalProperties/type",keyword:"type",params:{type: "object"},message:"must be object"};
if(vErrors === null){
vErrors = [err25];
}
else {
vErrors.push(err25);
}
errors++;
}
}
}
else {
const err26 = {instancePath:instancePath+"/images/" + i0+"/env",schemaPath:"#/properties/images/items/properties/env/type",keyword:"type",params:{type: "object"},message:"must be object"};
if(vErrors === null){
vErrors = [err26];
}
else {
vErrors.push(err26);
}
errors++;
}
}
}
else {
const err27 = {instancePath:instancePath+"/images/" + i0,schemaPath:"#/properties/images/items/type",keyword:"type",params:{type: "object"},message:"must be object"};
if(vErrors === null){
vErrors = [err27];
}
else {
vErrors.push(err27);
}
errors++;
}
}
}
else {
const err28 = {instancePath:instancePath+"/images",schemaPath:"#/properties/images/type",keyword:"type",params:{type: "array"},message:"must be array"};
if(vErrors === null){
vErrors = [err28];
}
else {
vErrors.push(err28);
}
errors++;
}
}
}
else {
const err29 = {instancePath,schemaPath:"#/type",keyword:"type",params:{type: "object"},message:"must be object"};
if(vErrors === null){
vErrors = [err29];
}
else {
vErrors.push(err29);
}
errors++;
}
validate11.errors = vErrors;
return errors === 0;
}

