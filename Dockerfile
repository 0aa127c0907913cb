# syntax=docker/dockerfile:1
#
# Marquee image: one image for every node (docker-compose.yml runs two behind nginx; k8s/ runs
# N behind an Ingress). Build:  docker build -t marquee:dev .
#
# Stage 1 builds the fat jar (the UI included: Maven runs npm in frontend/) and splits it into
# Spring Boot's layers; stage 2 is a JRE with those layers, dependencies first, so a code change
# rebuilds only the last, small layer.

############################ build ############################
FROM eclipse-temurin:25-jdk AS build

# The Maven build runs `npm install` and `npm run build` in frontend/ with the machine's npm.
# Vite 7 wants Node 20.19+; Ubuntu's apt nodejs is older, so take Node 20 from the official image.
COPY --from=node:20-bookworm-slim /usr/local/bin/node /usr/local/bin/node
COPY --from=node:20-bookworm-slim /usr/local/lib/node_modules/npm /usr/local/lib/node_modules/npm
RUN ln -s ../lib/node_modules/npm/bin/npm-cli.js /usr/local/bin/npm \
 && ln -s ../lib/node_modules/npm/bin/npx-cli.js /usr/local/bin/npx \
 && node --version && npm --version

WORKDIR /src
# Wrapper and pom first: the Maven download is cached while only sources change.
COPY .mvn/ .mvn/
COPY mvnw pom.xml ./
COPY frontend/ frontend/
COPY src/ src/
# Tests run in CI, not in the image build (they need PostgreSQL, Redis and a browser).
RUN --mount=type=cache,target=/root/.m2 \
    --mount=type=cache,target=/root/.npm \
    ./mvnw -B -ntp -DskipTests -Dfrontend.skip.tests package \
 && cp target/marquee-*.jar /tmp/app.jar \
 && java -Djarmode=tools -jar /tmp/app.jar extract --layers --launcher --destination /layers

############################ run ############################
# The jar is compiled for release 21; the runtime is the JDK it is built and tested with.
FROM eclipse-temurin:25-jre

# curl for the HEALTHCHECK only
RUN apt-get update \
 && apt-get install -y --no-install-recommends curl \
 && rm -rf /var/lib/apt/lists/* \
 && groupadd --system --gid 10001 marquee \
 && useradd --system --uid 10001 --gid marquee --home-dir /app --shell /usr/sbin/nologin marquee

WORKDIR /app
# Spring Boot layers, least to most often changed (list: java -Djarmode=tools -jar app.jar list-layers)
COPY --from=build /layers/dependencies/ ./
COPY --from=build /layers/spring-boot-loader/ ./
COPY --from=build /layers/snapshot-dependencies/ ./
COPY --from=build /layers/application/ ./

USER 10001:10001

# 8080: HTTP (REST, UI, WebSockets under /ws, SSE, RSocket over WebSocket at /rsocket, probes)
# 7000: RSocket over TCP
EXPOSE 8080 7000

HEALTHCHECK --interval=10s --timeout=3s --start-period=60s --retries=3 \
  CMD curl -fsS --max-time 2 -o /dev/null http://127.0.0.1:8080/actuator/health/liveness || exit 1

# Exec form: java is PID 1 and gets SIGTERM, so graceful shutdown drains requests
# (server.shutdown=graceful, 20 s per phase). Add flags with JAVA_TOOL_OPTIONS.
ENTRYPOINT ["java", \
  "-XX:MaxRAMPercentage=75", \
  "-XX:+ExitOnOutOfMemoryError", \
  "org.springframework.boot.loader.launch.JarLauncher"]
