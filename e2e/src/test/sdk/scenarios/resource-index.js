'use strict';
// The scenarios of SdkResourceTest (sources and labels, resource-service), run in this order against one
// workspace with an owner and one member; later ones build on ctx.state left by earlier ones.
// run.js runs this list when IAM_SDK_SCENARIOS=resource-index.
const sources = require('./sources');
const labels = require('./labels');

module.exports = [
  sources.createSource,
  labels.createLabel,
  sources.addLabelsToSource,
  sources.listSources,
  sources.replaceLabelsInSource,
  labels.deleteLabel,
  labels.deleteLabelUsedByPermission,
];
