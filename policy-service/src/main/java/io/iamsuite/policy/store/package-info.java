/** Persistence of policy-service: projection snapshots with the Kafka offsets they cover (planned with the policy issue). */
package io.iamsuite.policy.store;
