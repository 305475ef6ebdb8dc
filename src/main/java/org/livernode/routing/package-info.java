/**
 * Which series the node processes and where their results go: rules that match a series' header (calling AE
 * title, Modality, ImageType, SeriesDescription, BodyPartExamined, slice count) and name the destinations and,
 * per destination, the outputs. Pure matching; the pipeline reads the header and acts on the {@link
 * org.livernode.routing.Route}.
 */
package org.livernode.routing;
